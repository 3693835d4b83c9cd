#args: --machine nosuch
