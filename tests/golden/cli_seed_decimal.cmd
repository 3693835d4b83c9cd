#args: --seed 077 -c seed
# tests/golden/cli_seed_decimal.cmd: --seed reads numbers as the seed command does (077 is 77)
