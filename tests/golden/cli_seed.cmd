#args: --seed 0x10 --machine=tiny
seed
seed 42
check
