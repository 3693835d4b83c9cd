#args: --frobnicate
