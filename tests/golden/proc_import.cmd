# a real 6.1 machine's /proc, 3 s after boot: its free lists, pageblock
# types, watermarks as shown (not as the formula gives today), pcp counts
machine proc:../data/linux-6.1/boot
show buddyinfo
show pagetypeinfo
check
# the kernel image sits where iomem had it
show page 0x2fe00
show page 0xa0
# a sysctl written: the watermarks are computed again
set vm.min_free_kbytes 1024
show zone DMA32
set vm.lowmem_reserve_ratio 128 128 16
show zone DMA
# a snapshot without iomem: said, and the holes go where they fit
machine proc:../data/linux-6.1/frag-05
task list
# bad input: one line naming file and line; the machine stays
machine proc:data/badproc
machine proc:data/truncproc
machine proc:data/nonexistent
machine proc:
machine
