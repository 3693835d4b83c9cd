#args: --machine tiny data/script.txt
