/* core/snapshot.c - checkpoints of a sim: copy on first write for the big
 * arrays, whole copies for the small state (the model is drawn in
 * include/buddyscope/snapshot.h).
 *
 *   C0 --D0--> C1 --D1--> C2 ==R2==> C3         (current: C2, open delta O)
 *   D: old images (undo), R: new images (redo), O: old images of the chunks
 *   written since C2. goto C0: undo O, swap D1, swap D0, copy C0's small
 *   state; then D1 and D0 hold redo images, and C0 is current.
 *
 * Not a model of any kernel code: the kernel cannot go back in time.
 */
#include "buddyscope/snapshot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define SNAP_MAX_REGIONS	16
#define SNAP_MAX_WHOLE		(4 * MAX_NUMNODES * MAX_NR_ZONES)
#define KEY_SHIFT		40

struct snap_image {
	uint64_t	key;		/* region id << KEY_SHIFT | chunk */
	unsigned char	*data;		/* owned; the chunk's content */
};

/* A set of chunk images, sorted by key once closed. */
struct snap_delta {
	struct snap_image *v;		/* owned */
	size_t		n, cap;
};

struct snap_point {
	uint64_t	id;
	unsigned char	*small;		/* owned; every whole region, concatenated */
	struct snap_delta trans;	/* the transition to the next point */
};

struct snap_whole {
	unsigned char	*base;
	size_t		size;
	const char	*name;
};

struct snapshot {
	struct snap_region *region[SNAP_MAX_REGIONS];	/* owned */
	uint32_t	nr_regions;
	struct snap_whole whole[SNAP_MAX_WHOLE];
	size_t		nr_whole;
	size_t		small_size;	/* sum of the whole regions' sizes */
	struct snap_point *pt;		/* owned; [n], oldest first */
	size_t		n, cap;
	size_t		cur;		/* index of the current checkpoint */
	struct snap_delta open;		/* old images of chunks written since pt[cur] */
	uint64_t	next_id;
	size_t		image_bytes;	/* bytes of chunk images held, open included */
	size_t		images;
	bool		tracking;	/* a checkpoint exists: barriers save */
	bool		broken;		/* a save ran out of memory */
};

/* ---- chunks ---- */

static struct snap_region *key_region(const struct snapshot *s, uint64_t key)
{
	return s->region[key >> KEY_SHIFT];
}

static size_t key_chunk(uint64_t key)
{
	return (size_t)(key & ((1ULL << KEY_SHIFT) - 1));
}

static size_t chunk_len(const struct snap_region *r, size_t c)
{
	size_t off = c << SNAP_CHUNK_SHIFT;

	return r->size - off < SNAP_CHUNK_SIZE ? r->size - off : SNAP_CHUNK_SIZE;
}

static unsigned char *image_live(const struct snapshot *s, uint64_t key, size_t *len)
{
	struct snap_region *r = key_region(s, key);
	size_t c = key_chunk(key);

	*len = chunk_len(r, c);
	return r->base + (c << SNAP_CHUNK_SHIFT);
}

static int delta_push(struct snap_delta *d, uint64_t key, unsigned char *data)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct snap_image *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].key = key;
	d->v[d->n].data = data;
	d->n++;
	return 0;
}

static void delta_free(struct snapshot *s, struct snap_delta *d)
{
	for (size_t i = 0; i < d->n; i++) {
		size_t len;

		image_live(s, d->v[i].key, &len);
		s->image_bytes -= len;
		s->images--;
		free(d->v[i].data);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void snap_save_chunk(struct snap_region *r, size_t chunk)
{
	struct snapshot *s = r->owner;
	size_t len = chunk_len(r, chunk);
	unsigned char *data;

	r->saved[chunk] = 1;
	if (!s->tracking || s->broken)
		return;
	data = malloc(len);
	if (!data || delta_push(&s->open, (uint64_t)r->id << KEY_SHIFT | chunk, data)) {
		free(data);
		s->broken = true;
		return;
	}
	memcpy(data, r->base + (chunk << SNAP_CHUNK_SHIFT), len);
	s->image_bytes += len;
	s->images++;
}

/* Put back the old content of every chunk written since the current
 * checkpoint, and forget those images. */
static void undo_open(struct snapshot *s)
{
	for (size_t i = 0; i < s->open.n; i++) {
		size_t len;
		unsigned char *live = image_live(s, s->open.v[i].key, &len);

		memcpy(live, s->open.v[i].data, len);
		key_region(s, s->open.v[i].key)->saved[key_chunk(s->open.v[i].key)] = 0;
	}
	delta_free(s, &s->open);
}

static int key_cmp(const void *a, const void *b)
{
	const struct snap_image *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* The open delta becomes a transition: sorted, and its chunks unmarked so
 * that the next write saves them again. */
static struct snap_delta close_open(struct snapshot *s)
{
	struct snap_delta d = s->open;

	for (size_t i = 0; i < d.n; i++)
		key_region(s, d.v[i].key)->saved[key_chunk(d.v[i].key)] = 0;
	if (d.n)
		qsort(d.v, d.n, sizeof(*d.v), key_cmp);
	memset(&s->open, 0, sizeof(s->open));
	return d;
}

/* Cross a transition: its images and the live chunks trade places. */
static void swap_delta(struct snapshot *s, struct snap_delta *d)
{
	unsigned char tmp[SNAP_CHUNK_SIZE];

	for (size_t i = 0; i < d->n; i++) {
		size_t len;
		unsigned char *live = image_live(s, d->v[i].key, &len);

		memcpy(tmp, live, len);
		memcpy(live, d->v[i].data, len);
		memcpy(d->v[i].data, tmp, len);
	}
}

/*
 * One transition out of two neighbours, @a before @b. For a chunk in both,
 * keep @a's image when @keep_a (undo images: the older content wins), else
 * @b's (redo images: the newer wins). Return: 0, or -ENOMEM with both as
 * they were.
 */
static int delta_merge(struct snapshot *s, struct snap_delta *a, struct snap_delta *b,
		       bool keep_a, struct snap_delta *out)
{
	struct snap_delta m = { .v = malloc((a->n + b->n + 1) * sizeof(*m.v)), .cap = a->n + b->n + 1 };
	size_t i = 0, j = 0;

	if (!m.v)
		return -ENOMEM;
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->v[i].key < b->v[j].key)) {
			m.v[m.n++] = a->v[i++];
		} else if (i == a->n || b->v[j].key < a->v[i].key) {
			m.v[m.n++] = b->v[j++];
		} else {
			size_t len;

			image_live(s, a->v[i].key, &len);
			m.v[m.n++] = keep_a ? a->v[i] : b->v[j];
			free(keep_a ? b->v[j].data : a->v[i].data);
			s->image_bytes -= len;
			s->images--;
			i++;
			j++;
		}
	}
	free(a->v);
	free(b->v);
	memset(a, 0, sizeof(*a));
	memset(b, 0, sizeof(*b));
	*out = m;
	return 0;
}

/* ---- small state ---- */

static void small_save(const struct snapshot *s, unsigned char *buf)
{
	for (size_t i = 0; i < s->nr_whole; i++) {
		memcpy(buf, s->whole[i].base, s->whole[i].size);
		buf += s->whole[i].size;
	}
}

static void small_restore(const struct snapshot *s, const unsigned char *buf)
{
	for (size_t i = 0; i < s->nr_whole; i++) {
		memcpy(s->whole[i].base, buf, s->whole[i].size);
		buf += s->whole[i].size;
	}
}

static bool small_equal(const struct snapshot *s, const unsigned char *buf)
{
	for (size_t i = 0; i < s->nr_whole; i++) {
		if (memcmp(s->whole[i].base, buf, s->whole[i].size))
			return false;
		buf += s->whole[i].size;
	}
	return true;
}

/* ---- registering ---- */

struct snapshot *snapshot_create(struct sim *sim)
{
	(void)sim;
	return calloc(1, sizeof(struct snapshot));
}

struct snapshot *sim_snapshot(const struct sim *sim)
{
	return sim->snap;
}

struct snap_region *snapshot_track(struct sim *sim, const char *name, void *base, size_t size)
{
	struct snapshot *s = sim->snap;
	struct snap_region *r;

	if (!s || s->tracking || s->nr_regions == SNAP_MAX_REGIONS)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->base = base;
	r->size = size;
	r->nr_chunks = (size + SNAP_CHUNK_SIZE - 1) >> SNAP_CHUNK_SHIFT;
	r->saved = malloc(r->nr_chunks ? r->nr_chunks : 1);
	if (!r->saved) {
		free(r);
		return NULL;
	}
	memset(r->saved, 1, r->nr_chunks);	/* nothing to save until a checkpoint */
	r->owner = s;
	r->id = s->nr_regions;
	r->name = name;
	s->region[s->nr_regions++] = r;
	return r;
}

int snapshot_keep_whole(struct sim *sim, const char *name, void *base, size_t size)
{
	struct snapshot *s = sim->snap;

	if (!s)
		return -ENOMEM;
	if (s->tracking || s->nr_whole == SNAP_MAX_WHOLE)
		return -ENOSPC;
	if (!size)
		return 0;
	s->whole[s->nr_whole].base = base;
	s->whole[s->nr_whole].size = size;
	s->whole[s->nr_whole].name = name;
	s->nr_whole++;
	s->small_size += size;
	return 0;
}

int snapshot_unregister(struct sim *sim, const void *base)
{
	struct snapshot *s = sim->snap;

	if (s->tracking)
		return -EBUSY;
	for (size_t i = 0; i < s->nr_whole; i++)
		if (s->whole[i].base == base) {
			s->small_size -= s->whole[i].size;
			memmove(&s->whole[i], &s->whole[i + 1],
				(s->nr_whole - i - 1) * sizeof(*s->whole));
			s->nr_whole--;
			return 0;
		}
	return -ENOENT;
}

void snapshot_rebase(struct snapshot *s, const void *from, size_t size, void *to)
{
	const unsigned char *lo = from;

	for (size_t i = 0; i < s->nr_whole; i++)
		if (s->whole[i].base >= lo && s->whole[i].base < lo + size)
			s->whole[i].base = (unsigned char *)to + (s->whole[i].base - lo);
}

/* ---- checkpoints ---- */

static void point_free(struct snapshot *s, struct snap_point *p)
{
	free(p->small);
	delta_free(s, &p->trans);
}

/* Checkpoints are few (hundreds): ids are not in order once one is
 * inserted, so look them up one by one. */
static size_t find(const struct snapshot *s, uint64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->pt[i].id == id)
			return i;
	return (size_t)-1;
}

/* Copies of the images of @d (for a chunk that is in two transitions). */
static int delta_copy(struct snapshot *s, const struct snap_delta *d, struct snap_delta *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->n; i++) {
		size_t len;
		unsigned char *data;

		image_live(s, d->v[i].key, &len);
		data = malloc(len);
		if (!data || delta_push(out, d->v[i].key, data)) {
			free(data);
			delta_free(s, out);
			return -ENOMEM;
		}
		memcpy(data, d->v[i].data, len);
		s->image_bytes += len;
		s->images++;
	}
	return 0;
}

/*
 * A new checkpoint right after the current one. With @keep_future, the
 * checkpoints ahead stay: between the new one and the next, a chunk written
 * since the current one but not changed on the way to the next one had the
 * same content there as here before the writes, so the open delta's image
 * is also its redo image.
 */
static int take(struct sim *sim, uint64_t *id, bool keep_future)
{
	struct snapshot *s = sim->snap;
	struct snap_delta ahead = { 0 };
	unsigned char *small;
	size_t at;

	if (s->broken)
		return -ENOMEM;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct snap_point *pt = realloc(s->pt, cap * sizeof(*pt));

		if (!pt)
			return -ENOMEM;
		s->pt = pt;
		s->cap = cap;
	}
	small = malloc(s->small_size ? s->small_size : 1);
	if (!small)
		return -ENOMEM;
	keep_future = keep_future && s->tracking && s->cur + 1 < s->n;
	if (keep_future) {
		struct snap_delta o;

		if (s->open.n)
			qsort(s->open.v, s->open.n, sizeof(*s->open.v), key_cmp);
		if (delta_copy(s, &s->open, &o) ||
		    delta_merge(s, &s->pt[s->cur].trans, &o, true, &ahead)) {
			delta_free(s, &o);
			free(small);
			return -ENOMEM;
		}
	}
	small_save(s, small);
	if (!s->tracking) {
		for (uint32_t i = 0; i < s->nr_regions; i++)
			memset(s->region[i]->saved, 0, s->region[i]->nr_chunks);
		s->tracking = true;
	} else {
		while (!keep_future && s->n > s->cur + 1)	/* a new future: forget the old */
			point_free(s, &s->pt[--s->n]);
		delta_free(s, &s->pt[s->cur].trans);
		s->pt[s->cur].trans = close_open(s);
	}
	at = s->tracking && s->n ? s->cur + 1 : 0;
	memmove(&s->pt[at + 1], &s->pt[at], (s->n - at) * sizeof(*s->pt));
	s->pt[at] = (struct snap_point){ .id = s->next_id++, .small = small, .trans = ahead };
	s->n++;
	s->cur = at;
	*id = s->pt[at].id;
	return 0;
}

int snapshot_take(struct sim *sim, uint64_t *id)
{
	return take(sim, id, false);
}

int snapshot_insert(struct sim *sim, uint64_t *id)
{
	return take(sim, id, true);
}

bool snapshot_changed(const struct sim *sim)
{
	const struct snapshot *s = sim->snap;

	if (!s->tracking || !s->n)
		return true;
	for (size_t i = 0; i < s->open.n; i++) {
		size_t len;
		const unsigned char *live = image_live(s, s->open.v[i].key, &len);

		if (memcmp(live, s->open.v[i].data, len))
			return true;
	}
	return !small_equal(s, s->pt[s->cur].small);
}

int snapshot_goto(struct sim *sim, uint64_t id)
{
	struct snapshot *s = sim->snap;
	size_t k = find(s, id);

	if (k == (size_t)-1)
		return -ENOENT;
	if (s->broken)
		return -ENOMEM;
	undo_open(s);
	for (size_t i = s->cur; i > k; i--)
		swap_delta(s, &s->pt[i - 1].trans);
	for (size_t i = s->cur; i < k; i++)
		swap_delta(s, &s->pt[i].trans);
	small_restore(s, s->pt[k].small);
	s->cur = k;
	return 0;
}

int snapshot_drop(struct sim *sim, uint64_t id)
{
	struct snapshot *s = sim->snap;
	size_t j = find(s, id);
	int err = 0;

	if (j == (size_t)-1)
		return -ENOENT;
	if (j == s->cur)
		return -EBUSY;
	if (j == 0) {			/* the oldest: its undo images go */
		delta_free(s, &s->pt[0].trans);
	} else if (j == s->n - 1) {	/* the newest, ahead: its redo images go */
		delta_free(s, &s->pt[j - 1].trans);
	} else {
		struct snap_delta m;

		err = delta_merge(s, &s->pt[j - 1].trans, &s->pt[j].trans, j < s->cur, &m);
		if (err)
			return err;
		s->pt[j - 1].trans = m;
	}
	point_free(s, &s->pt[j]);
	memmove(&s->pt[j], &s->pt[j + 1], (s->n - j - 1) * sizeof(*s->pt));
	s->n--;
	if (s->cur > j)
		s->cur--;
	return 0;
}

void snapshot_clear(struct sim *sim)
{
	struct snapshot *s = sim->snap;

	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		point_free(s, &s->pt[i]);
	delta_free(s, &s->open);
	free(s->pt);
	s->pt = NULL;
	s->n = s->cap = s->cur = 0;
	for (uint32_t i = 0; i < s->nr_regions; i++)
		memset(s->region[i]->saved, 1, s->region[i]->nr_chunks);
	s->tracking = false;
	s->broken = false;
}

void snapshot_destroy(struct snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		point_free(s, &s->pt[i]);
	delta_free(s, &s->open);
	free(s->pt);
	for (uint32_t i = 0; i < s->nr_regions; i++) {
		free(s->region[i]->saved);
		free(s->region[i]);
	}
	free(s);
}

/* ---- looking ---- */

void snapshot_stats(const struct sim *sim, struct snapshot_stats *st)
{
	const struct snapshot *s = sim->snap;
	size_t tables = sizeof(*s) + s->cap * sizeof(*s->pt) + s->open.cap * sizeof(*s->open.v);

	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < s->n; i++)
		tables += s->pt[i].trans.cap * sizeof(struct snap_image);
	for (uint32_t i = 0; i < s->nr_regions; i++) {
		tables += sizeof(*s->region[i]) + s->region[i]->nr_chunks;
		st->tracked_size += s->region[i]->size;
	}
	st->nr_points = s->n;
	st->current = s->cur;
	st->open_chunks = s->open.n;
	st->chunks = s->images;
	st->small_size = s->small_size;
	st->bytes = s->image_bytes + s->n * s->small_size + tables;
	st->broken = s->broken;
}

uint64_t snapshot_id_at(const struct sim *sim, size_t i)
{
	return i < sim->snap->n ? sim->snap->pt[i].id : (uint64_t)-1;
}

size_t snapshot_transition_chunks(const struct sim *sim, size_t i)
{
	return i + 1 < sim->snap->n ? sim->snap->pt[i].trans.n : 0;
}
