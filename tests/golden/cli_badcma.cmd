#args: --cma 3K -c machine
