/* app/hostmem.c - how much memory the host can give a machine's page
 * records. core/ is libc only and never asks the host; the app reads
 * /proc/meminfo (MemAvailable: free memory plus what the kernel can drop)
 * and passes the figure in sim_config.mem_limit, so that a machine file
 * asking for 8 TiB is refused with what it needs instead of swapping the
 * computer to a halt or being killed.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

unsigned long long host_mem_available(void)
{
	char line[256];
	unsigned long long kb = 0;
	long pages, size;
	FILE *f = fopen("/proc/meminfo", "r");

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
				break;
		fclose(f);
		if (kb)
			return kb << 10;
	}
	/* no MemAvailable (old kernels, no /proc): the free pages will do */
	pages = sysconf(_SC_AVPHYS_PAGES);
	size = sysconf(_SC_PAGESIZE);
	return pages > 0 && size > 0 ? (unsigned long long)pages * (unsigned long long)size : 0;
}
