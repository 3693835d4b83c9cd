#args: --machine tiny
# what real machines do: THP faults, the hugetlb pool, drop_caches, mlock, SIGKILL, deferral
thp
thp enabled=always
task spawn db
task touch db anon 1100
task touch db madvised 512
thp defrag=madvise
thp
thp defrag=defer
thp enabled=sometimes
task spawn dd
task touch dd bdev 400
show buddyinfo
set vm.drop_caches 1
set vm.drop_caches 5
get vm.drop_caches
slab 100
set vm.drop_caches 2
set vm.nr_hugepages 4
get vm.nr_hugepages
show pagetypeinfo
set vm.nr_hugepages 1000
set vm.nr_hugepages 2
get
task mlock db 300
task mlock db x
task kill db
task kill init
compact defer DMA32 9
compact defer DMA32 9
compact show
compact defer
compact DMA32
dmesg
check
kernel 6.1
thp
set vm.nr_hugepages 1000
task spawn hog
task touch hog anon 600
