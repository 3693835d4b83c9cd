/* core/memmap.h - writing the page records and their pageblock bytes
 * (every write marks its chunk for time travel), and the id-linked lists
 * that run through the records (the kernel's list.h, with 32-bit ids).
 * Included by internal.h, after struct sim; not on its own.
 */
#ifndef BUDDYSCOPE_MEMMAP_H
#define BUDDYSCOPE_MEMMAP_H

/*
 * The only way to write a struct page: marks its chunk for time travel
 * (snap_touch: a load, a compare, a branch) and returns a writable pointer.
 * Reads use m->pages[pfn] directly (const).
 */
static inline struct page *page_w(struct memmap *m, unsigned long pfn)
{
	size_t c = pfn / (SNAP_CHUNK_SIZE / sizeof(struct page));

	if (__builtin_expect(!m->pages_saved[c], 0))
		snap_save_chunk(m->pages_rgn, c);
	return (struct page *)&m->pages[pfn];
}
/* A page this operation has written through page_w() already, so its chunk
 * is saved: no second check. The sanitizer build checks the claim. */
static inline struct page *page_w_again(struct memmap *m, unsigned long pfn)
{
#if defined(__SANITIZE_ADDRESS__)
	SIM_BUG_ON(!m->pages_saved[pfn / (SNAP_CHUNK_SIZE / sizeof(struct page))]);
#endif
	return (struct page *)&m->pages[pfn];
}
/* Whether page @pfn's chunk is saved already, so that page_w_again() may
 * write it: a hot path checks first and then writes without a call. */
static inline bool page_saved(const struct memmap *m, unsigned long pfn)
{
	return m->pages_saved[pfn / (SNAP_CHUNK_SIZE / sizeof(struct page))] != 0;
}
/* get_pfnblock_migratetype(), inline for the hot paths */
static inline int pfnblock_migratetype(const struct sim *sim, unsigned long pfn)
{
	return sim->map.pageblock_flags[pfn >> pageblock_order] & PB_migrate_mask;
}
/* The same for the pageblock byte that holds @pfn. */
static inline uint8_t *pageblock_flags_w(struct memmap *m, unsigned long pfn)
{
	snap_touch(m->pageblock_rgn, pfn >> pageblock_order);
	return (uint8_t *)&m->pageblock_flags[pfn >> pageblock_order];
}
static inline struct zone *page_zone(struct sim *sim, unsigned long pfn)
{
	unsigned int id = page_zone_id(&sim->map.pages[pfn]);

	return id == ZONE_ID_NONE ? NULL : sim->zone_by_id[id];
}

/* ---- id-linked lists (list.h, with 32-bit ids) ---- */
/* Read a link. Heads are small state (copied whole at checkpoints); links
 * inside pages are written through lnk_w(), which marks the page's chunk. */
static inline const struct list_link *lnk(const struct memmap *m, uint32_t id)
{
	return (id & LIST_HEAD_BIT) ? &m->heads[id & ~LIST_HEAD_BIT] : &m->pages[id].lru;
}
static inline struct list_link *lnk_w(struct memmap *m, uint32_t id)
{
	return (id & LIST_HEAD_BIT) ? &m->heads[id & ~LIST_HEAD_BIT] : &page_w(m, id)->lru;
}
/* The same for a link whose page is a list head or page_saved(): no barrier. */
static inline bool lnk_saved(const struct memmap *m, uint32_t id)
{
	return (id & LIST_HEAD_BIT) || page_saved(m, id);
}
static inline struct list_link *lnk_w_again(struct memmap *m, uint32_t id)
{
	return (id & LIST_HEAD_BIT) ? &m->heads[id & ~LIST_HEAD_BIT] : &page_w_again(m, id)->lru;
}
static inline void list_init(struct memmap *m, uint32_t head)
{
	struct list_link *h = lnk_w(m, head);

	h->next = h->prev = head;
}
static inline bool list_empty(const struct memmap *m, uint32_t head)
{
	return lnk(m, head)->next == head;
}
static inline void list_insert(struct memmap *m, uint32_t id, uint32_t prev, uint32_t next)
{
	struct list_link *l = lnk_w(m, id);

	lnk_w(m, next)->prev = id;
	l->next = next;
	l->prev = prev;
	lnk_w(m, prev)->next = id;
}
/* list_add: after @where (at the head when @where is the list head) */
static inline void list_add(struct memmap *m, uint32_t id, uint32_t where)
{
	list_insert(m, id, where, lnk(m, where)->next);
}
/* list_add_tail: before @where (at the tail when @where is the list head) */
static inline void list_add_tail(struct memmap *m, uint32_t id, uint32_t where)
{
	list_insert(m, id, lnk(m, where)->prev, where);
}
/* list_add_page() for a caller that checked lnk_saved() of the entry it
 * links beside (the first, or with @tail the last): no call. */
static inline void list_add_page_saved(struct memmap *m, struct page *p, uint32_t id,
				       uint32_t head, bool tail)
{
	struct list_link *h = &m->heads[head & ~LIST_HEAD_BIT];

	if (!tail) {
		lnk_w_again(m, h->next)->prev = id;
		p->lru.next = h->next;
		p->lru.prev = head;
		h->next = id;
	} else {
		p->lru.next = head;
		p->lru.prev = h->prev;
		lnk_w_again(m, h->prev)->next = id;
		h->prev = id;
	}
}
/* The same for a page @id already written through page_w() (@p) going to
 * the front (or with @tail, the back) of the list whose head is @head. */
static inline void list_add_page(struct memmap *m, struct page *p, uint32_t id, uint32_t head,
				 bool tail)
{
	const struct list_link *h = &m->heads[head & ~LIST_HEAD_BIT];

	lnk_w(m, tail ? h->prev : h->next);	/* the neighbour's chunk saved */
	list_add_page_saved(m, p, id, head, tail);
}
/* Take the first page (with @tail, the last) off the non-empty list whose
 * head is @head: list_del() of it, the page returned writable. */
static inline struct page *list_take_page(struct memmap *m, uint32_t head, bool tail,
					  uint32_t *id)
{
	struct list_link *h = &m->heads[head & ~LIST_HEAD_BIT];
	struct page *p;

	*id = tail ? h->prev : h->next;
	p = page_w(m, *id);
	if (!tail) {
		h->next = p->lru.next;
		lnk_w(m, p->lru.next)->prev = head;
	} else {
		h->prev = p->lru.prev;
		lnk_w(m, p->lru.prev)->next = head;
	}
	p->lru.next = p->lru.prev = 0;
	return p;
}
/* list_del() of page @id already written through page_w() (@p). */
static inline void list_del_page(struct memmap *m, struct page *p)
{
	lnk_w(m, p->lru.prev)->next = p->lru.next;
	lnk_w(m, p->lru.next)->prev = p->lru.prev;
	p->lru.next = p->lru.prev = 0;
}
static inline void list_del(struct memmap *m, uint32_t id)
{
	struct list_link *l = lnk_w(m, id);

	lnk_w(m, l->prev)->next = l->next;
	lnk_w(m, l->next)->prev = l->prev;
	l->next = l->prev = 0;
}

#endif
