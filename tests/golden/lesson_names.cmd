# a lesson is found by its file, its name in lessons/, or its number
lesson 99
lesson nosuch
lesson 02
lesson stop
