#args: --seed banana
