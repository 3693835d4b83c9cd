#args: --kernel 4.7 -c kernel
