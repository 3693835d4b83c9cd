-- tests/lua/fileaccess.lua: a script opens files only below its own folder
-- and buddyscope's lessons/, scripts/ and tests/data/; never a device; a
-- symlink or ".." that leads out is refused; no error shows a refused file.
local function try(line)
  local ok, err = pcall(bs.cmd, line)
  print(ok and "ok" or err:gsub("^[^:]*:%d+: ", ""))
end
try("machine file:/etc/passwd")
try("machine zoneinfo:/etc/passwd")
try("machine file:/dev/stdin")
try("machine file:tests/data/link-to-passwd")
try("machine file:tests/lua/../../../../../../../../etc/passwd")
try("source /etc/passwd")
try("machine file:tests/data/machine-example.txt")
try("machine zoneinfo:tests/data/zoneinfo-4.5.txt")
try("machine file:tests/data/no-such-file.txt")
try("machine proc:/proc")
try("machine proc:tests/data")
try("machine file:tests/data")
try("machine file:")
