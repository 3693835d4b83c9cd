#args: .
# tests/golden/cli_folder.cmd: a folder as FILE is an error, not an empty batch
