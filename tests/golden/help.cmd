help
help alloc
help show
help exit
? free
help nosuch
