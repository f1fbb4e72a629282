/* kg.export._rdftext: the N-Triples and Turtle text of a triple table, in C.

Computes, byte for byte, what the pure-Python writers compute (they are the reference and
stay the path where this module is not built):

  ntriples(spo, out, Blank, Lit)  -> kg.export.ntriples.lines()
  turtle(spo, out, head, Blank, Lit, base, namespaces, type_iri, integer, decimal, boolean)
                                  -> kg.export.turtle.lines()

`spo` is kg.triples.Table.spo (subject -> predicate -> list of objects; a term is a str IRI,
a Blank or a Lit (lexical, datatype, language)). The text goes to out.write() in bytes of
about 1 MB, never the whole file at once.

Each returns True when it wrote the file, or False, having written nothing, when the table
holds something it leaves to the Python code: a term of another type, a str subclass other
than Blank in a term, a Lit field that is not a str, an empty object list or predicate dict,
N-Triples subjects that are literals or whose texts collide. A first pass over the whole
table decides that, before a byte is written. A lone surrogate in text written as is raises
UnicodeEncodeError, as the Python writers' str.encode("utf-8") does (no file either way).

Orders, as the Python code defines them:
- N-Triples: subjects by their text, predicates by their text (a stable sort: two blank node
  predicates may sanitize alike), objects by their text. Texts compare as Python strs, that
  is by code point, which is the order of their UTF-8 bytes (surrogates never get written).
- Turtle: terms by kg.export.terms.term_sort_key (IRIs, blank nodes, literals; literals by
  lexical form, datatype, language), rdf:type first among the predicates.
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1 << 20) /* bytes handed to out.write() at a time, about */

/* Most of the time goes in waiting for memory: the table's objects are all over the heap and
   are read in the order of the output. Loads asked for ahead of use overlap those waits. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- growable arrays and byte buffers --------------------------------------------------- */

/* `items`, an array with room for *cap items of `size` bytes, with room for `need`: the same
   block, or a larger one holding what it held (*cap updated; at least doubled, so that an
   array grown item by item is copied a few times only); NULL, MemoryError set, where none
   can be had (`items` is then still the caller's to free) */
static void *room_for(void *items, Py_ssize_t *cap, Py_ssize_t need, size_t size)
{
    if (need <= *cap && items != NULL)
        return items;
    if (need < 2 * *cap)
        need = 2 * *cap;
    if ((size_t)need > PY_SSIZE_T_MAX / size)
        return PyErr_NoMemory();
    void *more = PyMem_Realloc(items, (size_t)need * size);
    if (more == NULL)
        return PyErr_NoMemory();
    *cap = need;
    return more;
}

/* ---- growable byte buffers ------------------------------------------------------------ */

typedef struct {
    char *p;
    Py_ssize_t len, cap;
    PyObject *bytes; /* the output's: a bytes object, handed to out.write() as it is, no copy */
} Buf;

static int grow(Buf *b, Py_ssize_t need)
{
    Py_ssize_t cap = b->cap ? b->cap : 4096;
    while (cap - b->len < need) {
        if (cap > PY_SSIZE_T_MAX / 2) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    if (b->bytes != NULL) {
        if (_PyBytes_Resize(&b->bytes, cap) < 0)
            return -1;
        b->p = PyBytes_AS_STRING(b->bytes);
    } else {
        char *p = PyMem_Realloc(b->p, (size_t)cap);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->p = p;
    }
    b->cap = cap;
    return 0;
}

/* room for `need` more bytes; -1 with MemoryError */
static inline int reserve(Buf *b, Py_ssize_t need)
{
    return b->cap - b->len >= need ? 0 : grow(b, need);
}

static inline void put(Buf *b, const char *s, Py_ssize_t n)
{
    memcpy(b->p + b->len, s, (size_t)n);
    b->len += n;
}

/* ---- terms as text -------------------------------------------------------------------- */

enum { M_IRI, M_STRING, M_RAW, M_BNODE };

/* PLAIN[mode][c]: ASCII c is written as itself. IRI: not one of IRIREF's forbidden
   [\x00-\x20<>"{}|^`\\] (terms._IRI_BAD); string: not [\\"\x00-\x1f\x7f] (terms._STRING_BAD);
   raw (a language tag): all; blank node label: [A-Za-z0-9_], others become '_'
   (terms._BNODE_BAD). */
static unsigned char PLAIN[4][128];

static const char HEX[] = "0123456789ABCDEF";

/* the escape of an ASCII character that is not written as itself */
static inline char *special(char *w, unsigned c, int mode)
{
    if (mode == M_BNODE) {
        *w++ = '_';
        return w;
    }
    if (mode == M_STRING) {
        const char *e = NULL;
        switch (c) {
        case '\\': e = "\\\\"; break;
        case '"': e = "\\\""; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        }
        if (e != NULL) {
            w[0] = e[0];
            w[1] = e[1];
            return w + 2;
        }
    }
    /* terms._uchar: \uXXXX, upper-case hex; only ASCII characters get here */
    memcpy(w, "\\u00", 4);
    w[4] = HEX[c >> 4];
    w[5] = HEX[c & 15];
    return w + 6;
}

/* most bytes one of `s`'s text can take in any mode: 6 for an escaped ASCII character,
   at most 4 in UTF-8 for the others */
static inline Py_ssize_t bound(PyObject *s)
{
    return 6 * PyUnicode_GET_LENGTH(s) + 8;
}

/* the str that cannot be encoded: the UnicodeEncodeError str.encode("utf-8") raises, as the
   Python writers' write_text() does where a lone surrogate reaches it */
static char *unencodable(PyObject *s)
{
    PyObject *b = PyUnicode_AsUTF8String(s);
    if (b != NULL) { /* not reached: `s` holds a surrogate */
        Py_DECREF(b);
        PyErr_SetString(PyExc_ValueError, "a lone surrogate cannot be written as UTF-8");
    }
    return NULL;
}

/* one code point of a str that is not all ASCII, in UTF-8 (or '_' in a blank node label);
   `bad` collects lone surrogates */
#define PUT_CODE_POINTS(T)                                                  \
    do {                                                                    \
        const T *d = data;                                                  \
        for (Py_ssize_t i = 0; i < n; i++) {                                \
            Py_UCS4 c = d[i];                                               \
            if (c < 0x80) {                                                 \
                if (plain[c])                                               \
                    *w++ = (char)c;                                         \
                else                                                        \
                    w = special(w, c, mode);                                \
            } else if (mode == M_BNODE) {                                   \
                *w++ = '_';                                                 \
            } else if (c < 0x800) {                                         \
                *w++ = (char)(0xC0 | (c >> 6));                             \
                *w++ = (char)(0x80 | (c & 0x3F));                           \
            } else if (c < 0x10000) {                                       \
                bad |= (c - 0xD800) < 0x800;                                \
                *w++ = (char)(0xE0 | (c >> 12));                            \
                *w++ = (char)(0x80 | ((c >> 6) & 0x3F));                    \
                *w++ = (char)(0x80 | (c & 0x3F));                           \
            } else {                                                        \
                *w++ = (char)(0xF0 | (c >> 18));                            \
                *w++ = (char)(0x80 | ((c >> 12) & 0x3F));                   \
                *w++ = (char)(0x80 | ((c >> 6) & 0x3F));                    \
                *w++ = (char)(0x80 | (c & 0x3F));                           \
            }                                                               \
        }                                                                   \
    } while (0)

/* STRING_UTF8[c]: the UTF-8 bytes of code point c below U+10000 in a string, in the order
   they are written (padded to four), or 0 where c is escaped or is a surrogate. Literals'
   Vietnamese text mixes one-, two- and three-byte characters: a branch on each character's
   length is mispredicted so often that one lookup and one rarely taken branch a character
   take half the time (6.3M characters of literals at 1M triples: 19 ms before, 10 ms after,
   on this table by itself). */
static uint32_t STRING_UTF8[0x10000];

/* a string's characters (all below U+10000), at w: four bytes stored for each, the pointer
   moved by its length in UTF-8 (w has room: bound() counts six bytes a character) */
#define PUT_STRING(T)                                                       \
    do {                                                                    \
        const T *d = data;                                                  \
        for (Py_ssize_t i = 0; i < n; i++) {                                \
            Py_UCS4 c = d[i];                                               \
            uint32_t bytes = STRING_UTF8[c];                                \
            if (bytes == 0) {                                               \
                if (c < 0x80)                                               \
                    w = special(w, c, M_STRING);                            \
                else                                                        \
                    bad = 1; /* a surrogate: the text is never written */   \
                continue;                                                   \
            }                                                               \
            memcpy(w, &bytes, 4);                                           \
            w += 1 + (c >= 0x80) + (c >= 0x800);                            \
        }                                                                   \
    } while (0)

/* `s` (a ready str or Blank) written in `mode` at w, which has room for bound(s); NULL with
   UnicodeEncodeError on a lone surrogate outside a blank node label */
static char *put_text(char *w, PyObject *s, int mode)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0;
    const void *data = PyUnicode_DATA(s);
    const unsigned char *plain = PLAIN[mode];
    if (PyUnicode_IS_ASCII(s)) { /* nearly every IRI: runs copied whole */
        const unsigned char *d = data;
        while (i < n) {
            Py_ssize_t j = i;
            /* eight at a time, one branch: the scan is most of the work for an IRI */
            while (j + 8 <= n && (plain[d[j]] & plain[d[j + 1]] & plain[d[j + 2]] & plain[d[j + 3]]
                                  & plain[d[j + 4]] & plain[d[j + 5]] & plain[d[j + 6]] & plain[d[j + 7]]))
                j += 8;
            while (j < n && plain[d[j]])
                j++;
            memcpy(w, d + i, (size_t)(j - i));
            w += j - i;
            if (j == n)
                break;
            w = special(w, d[j], mode);
            i = j + 1;
        }
        return w;
    }
    unsigned bad = 0;
    switch (PyUnicode_KIND(s)) {
    case PyUnicode_1BYTE_KIND:
        if (mode == M_STRING)
            PUT_STRING(Py_UCS1);
        else
            PUT_CODE_POINTS(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        if (mode == M_STRING)
            PUT_STRING(Py_UCS2);
        else
            PUT_CODE_POINTS(Py_UCS2);
        break;
    default:
        PUT_CODE_POINTS(Py_UCS4);
    }
    return bad && mode != M_BNODE ? unencodable(s) : w;
}

/* Python's comparison of two strs: by code point */
static int cmp_str(PyObject *a, PyObject *b)
{
    if (a == b)
        return 0;
    Py_ssize_t na = PyUnicode_GET_LENGTH(a), nb = PyUnicode_GET_LENGTH(b), n = na < nb ? na : nb;
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    if (ka == PyUnicode_1BYTE_KIND && kb == PyUnicode_1BYTE_KIND) {
        int r = memcmp(da, db, (size_t)n);
        if (r != 0)
            return r;
    } else {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 ca = PyUnicode_READ(ka, da, i), cb = PyUnicode_READ(kb, db, i);
            if (ca != cb)
                return ca < cb ? -1 : 1;
        }
    }
    return (na > nb) - (na < nb);
}

static int str_eq(PyObject *a, PyObject *b)
{
    return a == b || (PyUnicode_GET_LENGTH(a) == PyUnicode_GET_LENGTH(b) && cmp_str(a, b) == 0);
}

/* s.startswith(prefix) */
static int starts_with(PyObject *s, PyObject *prefix)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(prefix);
    if (PyUnicode_GET_LENGTH(s) < n)
        return 0;
    int ks = PyUnicode_KIND(s), kp = PyUnicode_KIND(prefix);
    const void *ds = PyUnicode_DATA(s), *dp = PyUnicode_DATA(prefix);
    if (ks == kp)
        return memcmp(ds, dp, (size_t)(n * ks)) == 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(ks, ds, i) != PyUnicode_READ(kp, dp, i))
            return 0;
    return 1;
}

/* ---- a memo of term texts, by object identity ------------------------------------------ */

/* Texts rendered once, kept by object: those of the predicates (a few dozen objects, one per
   use), each also ranked once in the order they are written in, so that a subject's sort by
   integers; in Turtle, those of the IRIs not written relative to @base. Keyed by the object
   itself, a reference held, so that an address is never reused while it is known. */
typedef struct {
    PyObject *key;
    Py_ssize_t off, len;
    Py_ssize_t rank; /* a predicate's place in the order the writer sorts them in */
} Slot;

typedef struct {
    Slot *slots;
    size_t mask, used;
    Buf text;
} Memo;

static Slot *memo_slot(Memo *m, PyObject *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull; /* the high bits: all of key's */
    size_t i = (size_t)(h >> 32);
    for (;; i++) {
        Slot *s = &m->slots[i & m->mask];
        if (s->key == key || s->key == NULL)
            return s;
    }
}

static int memo_init(Memo *m)
{
    m->mask = 63;
    m->used = 0;
    m->text = (Buf){NULL, 0, 0, NULL};
    m->slots = PyMem_Calloc(m->mask + 1, sizeof(Slot));
    if (m->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void memo_free(Memo *m)
{
    if (m->slots != NULL)
        for (size_t i = 0; i <= m->mask; i++)
            Py_XDECREF(m->slots[i].key);
    PyMem_Free(m->slots);
    PyMem_Free(m->text.p);
}

/* a new slot for `key` (not in the memo), the table grown first if half full */
static Slot *memo_add(Memo *m, PyObject *key)
{
    if (2 * (m->used + 1) > m->mask) {
        size_t old = m->mask + 1;
        Slot *slots = m->slots;
        m->mask = 2 * old - 1;
        m->slots = PyMem_Calloc(2 * old, sizeof(Slot));
        if (m->slots == NULL) {
            m->slots = slots;
            m->mask = old - 1;
            PyErr_NoMemory();
            return NULL;
        }
        for (size_t i = 0; i < old; i++)
            if (slots[i].key != NULL)
                *memo_slot(m, slots[i].key) = slots[i];
        PyMem_Free(slots);
    }
    Slot *s = memo_slot(m, key);
    Py_INCREF(key);
    s->key = key;
    m->used++;
    return s;
}

/* ---- the kinds of terms --------------------------------------------------------------- */

typedef struct {
    PyTypeObject *blank, *lit;
} Kinds;

enum { K_IRI, K_BLANK, K_LIT }; /* the first element of terms.term_sort_key */

static inline int kind_of(PyObject *t, const Kinds *k)
{
    if (PyUnicode_CheckExact(t))
        return K_IRI;
    return Py_TYPE(t) == k->lit ? K_LIT : K_BLANK;
}

/* 1: a term this module writes; 0: one it leaves to the Python code; -1: error */
static int supported_term(PyObject *t, const Kinds *k)
{
    PyTypeObject *type = Py_TYPE(t);
    if (type == &PyUnicode_Type || type == k->blank)
        return PyUnicode_READY(t) < 0 ? -1 : 1;
    if (type != k->lit || PyTuple_GET_SIZE(t) != 3)
        return 0;
    for (int i = 0; i < 3; i++) {
        PyObject *f = PyTuple_GET_ITEM(t, i);
        if (!PyUnicode_CheckExact(f))
            return 0;
        if (PyUnicode_READY(f) < 0)
            return -1;
    }
    return 1;
}

/* Turtle's first pass: 1 when every subject, predicate and object is a term this module
   writes, every `po` a non-empty dict and every object list a non-empty list; else 0 (or -1,
   error). Each distinct predicate goes in `preds`. */
static int supported(PyObject *spo, const Kinds *k, Memo *preds)
{
    if (!PyDict_CheckExact(spo))
        return 0;
    Py_ssize_t i = 0, j;
    PyObject *s, *po, *p, *objs, *batch[64];
    int size = 0, r;
    while (PyDict_Next(spo, &i, &s, &po)) {
        if ((r = supported_term(s, k)) <= 0)
            return r;
        /* an empty `po`: the Python Turtle writer fails on it */
        if (!PyDict_CheckExact(po) || PyDict_GET_SIZE(po) == 0)
            return 0;
        j = 0;
        while (PyDict_Next(po, &j, &p, &objs)) {
            if ((r = supported_term(p, k)) <= 0)
                return r;
            if (!PyList_CheckExact(objs) || PyList_GET_SIZE(objs) == 0)
                return 0;
            if (memo_slot(preds, p)->key == NULL && memo_add(preds, p) == NULL)
                return -1;
            /* the objects checked by batches, each fetched when it joins one */
            for (Py_ssize_t m = 0; m < PyList_GET_SIZE(objs); m++) {
                if (size == 64) {
                    for (int q = 0; q < size; q++)
                        if ((r = supported_term(batch[q], k)) <= 0)
                            return r;
                    size = 0;
                }
                PREFETCH(batch[size++] = PyList_GET_ITEM(objs, m));
            }
        }
    }
    for (int q = 0; q < size; q++)
        if ((r = supported_term(batch[q], k)) <= 0)
            return r;
    return 1;
}

/* a checked term at render time: the first pass checked them all, but out.write() runs
   Python code that could change the table; a changed table gets an error, never a crash */
static int still_term(PyObject *t, const Kinds *k)
{
    PyTypeObject *type = Py_TYPE(t);
    if (type == &PyUnicode_Type || type == k->blank)
        return 1;
    if (type == k->lit && PyTuple_GET_SIZE(t) == 3 && PyUnicode_CheckExact(PyTuple_GET_ITEM(t, 0))
            && PyUnicode_CheckExact(PyTuple_GET_ITEM(t, 1)) && PyUnicode_CheckExact(PyTuple_GET_ITEM(t, 2)))
        return 1;
    PyErr_SetString(PyExc_RuntimeError, "the triple table changed while it was written");
    return 0;
}

/* most bytes the text of term `t` takes (either format) */
static Py_ssize_t term_bound(PyObject *t, Py_ssize_t extra)
{
    if (PyTuple_Check(t))
        return bound(PyTuple_GET_ITEM(t, 0)) + bound(PyTuple_GET_ITEM(t, 1))
               + bound(PyTuple_GET_ITEM(t, 2)) + extra;
    return bound(t) + extra;
}

/* Python's order of terms.term_sort_key: kind, then the strings */
static int cmp_term(PyObject *a, int ka, PyObject *b, int kb)
{
    if (ka != kb)
        return ka - kb;
    if (ka != K_LIT)
        return cmp_str(a, b);
    for (int i = 0; i < 3; i++) {
        int r = cmp_str(PyTuple_GET_ITEM(a, i), PyTuple_GET_ITEM(b, i));
        if (r != 0)
            return r;
    }
    return 0;
}

typedef struct { /* a term and its kind, to sort by cmp_term */
    PyObject *t;
    int kind;
} Ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const Ranked *x = a, *y = b;
    return cmp_term(x->t, x->kind, y->t, y->kind);
}

/* name(t, n) sorts n items of type T by cmp: an object list, which mostly holds two to five,
   inline (insertion sort, no call through qsort's pointer); qsort for long ones */
#define SMALL_SORT(name, T, cmp)                                         \
    static void name(T *t, Py_ssize_t n)                                 \
    {                                                                    \
        if (n > 16) {                                                    \
            qsort(t, (size_t)n, sizeof(T), cmp);                         \
            return;                                                      \
        }                                                                \
        for (Py_ssize_t i = 1; i < n; i++) {                             \
            T cur = t[i];                                                \
            Py_ssize_t j = i;                                            \
            for (; j > 0 && cmp(&t[j - 1], &cur) > 0; j--)               \
                t[j] = t[j - 1];                                         \
            t[j] = cur;                                                  \
        }                                                                \
    }

SMALL_SORT(sort_ranked, Ranked, cmp_ranked)

/* ---- output --------------------------------------------------------------------------- */

typedef struct {
    Buf b;
    PyObject *write; /* out.write */
} Out;

/* a new bytes object to write into, room for a chunk and the lines of a subject that end it */
static int out_open(Out *o)
{
    Py_ssize_t cap = CHUNK + CHUNK / 4;
    if ((o->b.bytes = PyBytes_FromStringAndSize(NULL, cap)) == NULL)
        return -1;
    o->b.p = PyBytes_AS_STRING(o->b.bytes);
    o->b.len = 0;
    o->b.cap = cap;
    return 0;
}

/* what is written so far, to out.write(); `more`: a new buffer for what follows */
static int flush(Out *o, int more)
{
    if (o->b.len > 0) {
        if (_PyBytes_Resize(&o->b.bytes, o->b.len) < 0)
            return -1;
        PyObject *r = PyObject_CallOneArg(o->write, o->b.bytes);
        Py_CLEAR(o->b.bytes);
        if (r == NULL)
            return -1;
        Py_DECREF(r);
    } else {
        Py_CLEAR(o->b.bytes);
    }
    return more ? out_open(o) : 0;
}

/* ---- N-Triples ------------------------------------------------------------------------ */

/* terms.term_ntriples(t) at w; NULL on error */
static char *nt_term(char *w, PyObject *t, const Kinds *k)
{
    if (!still_term(t, k))
        return NULL;
    switch (kind_of(t, k)) {
    case K_IRI:
        *w++ = '<';
        if ((w = put_text(w, t, M_IRI)) == NULL)
            return NULL;
        *w++ = '>';
        return w;
    case K_BLANK:
        memcpy(w, "_:b", 3);
        return put_text(w + 3, t, M_BNODE);
    }
    PyObject *datatype = PyTuple_GET_ITEM(t, 1), *language = PyTuple_GET_ITEM(t, 2);
    *w++ = '"';
    if ((w = put_text(w, PyTuple_GET_ITEM(t, 0), M_STRING)) == NULL)
        return NULL;
    *w++ = '"';
    if (PyUnicode_GET_LENGTH(language)) {
        *w++ = '@';
        return put_text(w, language, M_RAW);
    }
    if (PyUnicode_GET_LENGTH(datatype)) {
        memcpy(w, "^^<", 3);
        if ((w = put_text(w + 3, datatype, M_IRI)) == NULL)
            return NULL;
        *w++ = '>';
    }
    return w;
}

/* append term `t`'s N-Triples text to b; its length, or -1 on error */
static Py_ssize_t nt_append(Buf *b, PyObject *t, const Kinds *k)
{
    if (!still_term(t, k) || reserve(b, term_bound(t, 16)) < 0)
        return -1;
    char *start = b->p + b->len, *end = nt_term(start, t, k);
    if (end == NULL)
        return -1;
    b->len += end - start;
    return end - start;
}

typedef struct {
    const char *p;
    Py_ssize_t n;
} Text;

static int cmp_text(const void *a, const void *b)
{
    const Text *x = a, *y = b;
    int r = memcmp(x->p, y->p, (size_t)(x->n < y->n ? x->n : y->n));
    return r != 0 ? r : (x->n > y->n) - (x->n < y->n);
}

SMALL_SORT(sort_texts, Text, cmp_text) /* the texts of an object list */

typedef struct { /* Turtle's */
    Text text; /* an IRI's characters where it has one byte each, for cmp_subject */
    PyObject *s, *po;
    int kind;  /* of s, for cmp_subject */
} Subject;

static int cmp_subject(const void *a, const void *b)
{
    const Subject *x = a, *y = b;
    if (x->text.p != NULL && y->text.p != NULL) /* two strs of one byte a character */
        return cmp_text(&x->text, &y->text);
    return cmp_term(x->s, x->kind, y->s, y->kind);
}

typedef struct {
    Text text;
    Py_ssize_t rank; /* of the predicate, from the memo */
    PyObject *p, *objs;
} Pred;

/* the text and rank of each of a subject's predicates, from the memo; then the predicates in
   order of rank (stable: N-Triples texts may tie, and keep their order as Python's sort) */
static int order_preds(Pred *preds, Py_ssize_t n, Memo *memo)
{
    for (Py_ssize_t j = 0; j < n; j++) {
        Slot *slot = memo_slot(memo, preds[j].p);
        if (slot->key == NULL) { /* the first pass saw every predicate */
            PyErr_SetString(PyExc_RuntimeError, "the triple table changed while it was written");
            return -1;
        }
        preds[j].text = (Text){memo->text.p + slot->off, slot->len};
        Pred cur = preds[j];
        cur.rank = slot->rank;
        Py_ssize_t m = j;
        for (; m > 0 && preds[m - 1].rank > cur.rank; m--)
            preds[m] = preds[m - 1];
        preds[m] = cur;
    }
    return 0;
}

typedef struct {
    Text text; /* first: cmp_text sorts these too */
    Slot *slot;
    int kind, is_type;
} Verb;

static int cmp_verb(const void *a, const void *b) /* Turtle's: rdf:type first, then by term_sort_key */
{
    const Verb *x = a, *y = b;
    if (x->is_type != y->is_type)
        return y->is_type - x->is_type;
    return cmp_term(x->slot->key, x->kind, y->slot->key, y->kind);
}

/* Each predicate's rank in `memo`, whose slots hold their texts: its place in the order of
   `cmp`, equal ones of equal rank. `type`: rdf:type, or NULL (N-Triples). */
static int rank_preds(Memo *memo, int (*cmp)(const void *, const void *), const Kinds *k, PyObject *type)
{
    Verb *verbs = PyMem_Malloc((memo->used ? memo->used : 1) * sizeof(Verb));
    size_t n = 0;
    if (verbs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i <= memo->mask; i++) {
        Slot *slot = &memo->slots[i];
        if (slot->key != NULL) {
            int kind = kind_of(slot->key, k);
            verbs[n++] = (Verb){{memo->text.p + slot->off, slot->len}, slot, kind,
                                type != NULL && kind == K_IRI && str_eq(slot->key, type)};
        }
    }
    qsort(verbs, n, sizeof(Verb), cmp);
    for (size_t i = 0; i < n; i++)
        verbs[i].slot->rank = i > 0 && cmp(&verbs[i - 1], &verbs[i]) == 0 ? verbs[i - 1].slot->rank : (Py_ssize_t)i;
    PyMem_Free(verbs);
    return 0;
}

/* the subjects and their predicate dicts, each with a reference held */
static Subject *subjects_of(PyObject *spo, Py_ssize_t *n, const Kinds *k)
{
    Py_ssize_t i = 0, m = 0;
    PyObject *s, *po;
    *n = PyDict_GET_SIZE(spo);
    Subject *subs = PyMem_Calloc((size_t)(*n ? *n : 1), sizeof(Subject));
    if (subs == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    while (m < *n && PyDict_Next(spo, &i, &s, &po)) {
        Py_INCREF(s);
        Py_INCREF(po);
        subs[m].s = s;
        subs[m].po = po;
        subs[m].kind = kind_of(s, k);
        m++;
    }
    *n = m;
    return subs;
}

static void subjects_free(Subject *subs, Py_ssize_t n)
{
    if (subs == NULL)
        return;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_DECREF(subs[i].s);
        Py_DECREF(subs[i].po);
    }
    PyMem_Free(subs);
}

/* the (predicate, objects) pairs of `po` in preds[*n], references held; -1 on error */
static int preds_of(PyObject *po, Pred **preds, Py_ssize_t *cap, Py_ssize_t *n)
{
    Py_ssize_t i = 0, m = 0, size = PyDict_GET_SIZE(po);
    PyObject *p, *objs;
    if (!PyDict_CheckExact(po)) {
        PyErr_SetString(PyExc_RuntimeError, "the triple table changed while it was written");
        return -1;
    }
    Pred *more = room_for(*preds, cap, size, sizeof(Pred));
    if (more == NULL)
        return -1;
    *preds = more;
    while (m < size && PyDict_Next(po, &i, &p, &objs)) {
        if (!PyList_CheckExact(objs) || PyList_GET_SIZE(objs) == 0) {
            PyErr_SetString(PyExc_RuntimeError, "the triple table changed while it was written");
            *n = m;
            return -1;
        }
        Py_INCREF(p);
        Py_INCREF(objs);
        (*preds)[m].p = p;
        (*preds)[m].objs = objs;
        m++;
    }
    *n = m;
    for (i = 0; i < m; i++) /* the objects to be written next */
        for (Py_ssize_t j = 0; j < PyList_GET_SIZE((*preds)[i].objs) && j < 16; j++)
            PREFETCH(PyList_GET_ITEM((*preds)[i].objs, j));
    return 0;
}

static void preds_release(Pred *preds, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_DECREF(preds[i].p);
        Py_DECREF(preds[i].objs);
    }
}

/* N-Triples is written in two passes. The first reads the table in the dict's order, which
   is about the order it sits in memory, into arrays: the shape of each subject (its
   predicates, the ranges of its objects) and one id for each distinct term, by object, whose
   text is rendered once (kg's tables name the same objects again and again: a class for each
   instance, an entity for each mention, a date for each event: 242k distinct subjects and
   objects in 1M triples). It also checks everything, so that a table left to the Python code
   is handed back before a byte is written. The second pass writes the lines from the arrays
   in the subjects' order and touches no Python object, so out.write() may run any code. */

typedef struct {
    PyObject *key; /* by address, no reference held: the table only lives through the first
                      pass, in which no Python code runs, so no address is freed and reused */
    uint32_t id;
} TermSlot;

typedef union { /* a subject: the object in the table, then its id */
    PyObject *t;
    uint32_t id;
} TermRef;

typedef struct {
    Text text; /* first: cmp_text sorts these */
    TermRef term;
    uint32_t g0, g1; /* its predicates: groups[g0:g1] */
} NtSubject;

typedef struct { /* one predicate of one subject */
    uint32_t first; /* its objects: cells[first:] up to the next group's `first` */
    uint32_t pred;  /* the predicate's id */
} Group;

typedef struct {
    Kinds k;
    Memo preds;        /* the predicates, with their texts; a slot's `rank` is its id until ranked */
    Slot **pred;       /* id -> the predicate's slot */
    NtSubject *subs;
    Py_ssize_t n;      /* subjects */
    Group *groups;     /* each subject's, one after the other, and one more: the end */
    Py_ssize_t ngroups, gcap;
    uint32_t *cells;   /* each group's objects' ids, one after the other */
    Py_ssize_t ncells, ccap;
    TermSlot *slots;   /* the distinct terms, by address */
    size_t mask;
    PyObject **terms;  /* id -> term */
    Py_ssize_t nterms, tcap;
    uint32_t *off;     /* id -> where its text starts in `text`; off[nterms]: the end */
    Buf text;
    PyObject *unwritable; /* the first term that cannot be encoded, borrowed */
} NTriples;

/* The first pass's verdict: written, or left to the Python code. A text that cannot be
   written (a lone surrogate) is an error only once the whole table is known to be this
   module's, as the Python writer's would be: meanwhile the first such term is kept. */
enum { P_OK, P_HAND_BACK, P_ERROR };

static inline TermSlot *term_slot(const NTriples *nt, PyObject *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull; /* as memo_slot */
    for (size_t i = (size_t)(h >> 32);; i++) {
        TermSlot *s = &nt->slots[i & nt->mask];
        if (s->key == key || s->key == NULL)
            return s;
    }
}

/* a table of slots for `size` terms at most three quarters full (linear probing stays short:
   most lookups find a term already there) */
static int slots_make(NTriples *nt, size_t size)
{
    size_t n = 1024;
    while (3 * n < 4 * size)
        n *= 2;
    TermSlot *old = nt->slots;
    size_t old_n = old == NULL ? 0 : nt->mask + 1;
    /* zeroed by hand: calloc()'s fresh pages would be mapped once for the first lookup's read
       and again for the first write */
    if ((nt->slots = PyMem_Malloc(n * sizeof(TermSlot))) == NULL) {
        nt->slots = old;
        PyErr_NoMemory();
        return -1;
    }
    memset(nt->slots, 0, n * sizeof(TermSlot));
    nt->mask = n - 1;
    for (size_t i = 0; i < old_n; i++)
        if (old[i].key != NULL)
            *term_slot(nt, old[i].key) = old[i];
    PyMem_Free(old);
    return 0;
}

/* term `t`'s id, a new one where it is new */
static int term_id(NTriples *nt, PyObject *t, uint32_t *id)
{
    TermSlot *slot = term_slot(nt, t);
    if (slot->key == NULL) {
        if (nt->nterms >= (Py_ssize_t)UINT32_MAX - 1) {
            PyErr_SetString(PyExc_OverflowError, "over four billion distinct terms");
            return -1;
        }
        PyObject **more = room_for(nt->terms, &nt->tcap, nt->nterms + 1, sizeof(PyObject *));
        if (more == NULL)
            return -1;
        nt->terms = more;
        slot->key = t;
        slot->id = (uint32_t)nt->nterms;
        nt->terms[nt->nterms++] = t;
        if (4 * (size_t)nt->nterms > 3 * nt->mask && slots_make(nt, 2 * (size_t)nt->nterms) < 0)
            return -1;
        *id = (uint32_t)nt->nterms - 1;
        return 0;
    }
    *id = slot->id;
    return 0;
}

/* the slot of `key` is fetched some turns before it is looked up, so that the waits for
   several overlap: the objects wait in a ring of this size */
#define AHEAD 16

static inline void prefetch_slot(const NTriples *nt, PyObject *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull; /* as term_slot */
    PREFETCH(&nt->slots[(size_t)(h >> 32) & nt->mask]);
}

static int read_groups(NTriples *nt, PyObject **pos);

/* Pass 1, first part: the shape of the table, each subject's and object's id */
static int read_shape(PyObject *spo, NTriples *nt)
{
    Py_ssize_t i = 0, size = PyDict_GET_SIZE(spo);
    PyObject *s, *po;
    /* kg's tables: 5.4 predicates, 8.4 objects and 2 distinct terms a subject (1M triples).
       Room for more, at once: arrays grown by doubling would be copied to fresh pages again
       and again (each page costs a fault); pages never written cost nothing. */
    nt->subs = PyMem_Malloc((size_t)(size ? size : 1) * sizeof(NtSubject));
    nt->groups = room_for(NULL, &nt->gcap, 8 * size + 2, sizeof(Group));
    nt->cells = room_for(NULL, &nt->ccap, 16 * size + 1, sizeof(uint32_t));
    nt->terms = room_for(NULL, &nt->tcap, 4 * size + 1, sizeof(PyObject *));
    if (nt->subs == NULL || nt->groups == NULL || nt->cells == NULL || nt->terms == NULL) {
        PyErr_NoMemory();
        return P_ERROR;
    }
    if (slots_make(nt, 3 * (size_t)size) < 0)
        return P_ERROR;
    /* the subjects first, ids 0 to n - 1, so that their texts lie together, for their sort
       (checked where they are rendered) */
    PyObject **pos = PyMem_Malloc((size_t)(size ? size : 1) * sizeof(PyObject *)); /* their dicts */
    if (pos == NULL) {
        PyErr_NoMemory();
        return P_ERROR;
    }
    while (nt->n < size && PyDict_Next(spo, &i, &s, &po)) {
        pos[nt->n] = po;
        nt->subs[nt->n++].term.t = s;
    }
    int r = P_OK;
    for (Py_ssize_t m = 0; m < nt->n; m++) {
        uint32_t id;
        if (m + AHEAD < nt->n)
            prefetch_slot(nt, nt->subs[m + AHEAD].term.t);
        if (term_id(nt, nt->subs[m].term.t, &id) < 0) {
            r = P_ERROR;
            break;
        }
        nt->subs[m].term.id = id;
    }
    if (r == P_OK)
        r = read_groups(nt, pos);
    PyMem_Free(pos);
    return r;
}

/* Pass 1, first part, continued: each subject's predicates and objects, from its dict */
static int read_groups(NTriples *nt, PyObject **pos)
{
    const Kinds *k = &nt->k;
    PyObject *po, *p, *list, *ring[AHEAD];
    for (Py_ssize_t m = 0; m < nt->n; m++) {
        if (m + 4 < nt->n)
            PREFETCH(pos[m + 4]);
        po = pos[m];
        if (!PyDict_CheckExact(po) || PyDict_GET_SIZE(po) == 0)
            return P_HAND_BACK;
        NtSubject *sub = &nt->subs[m];
        sub->g0 = (uint32_t)nt->ngroups;
        Py_ssize_t j = 0;
        while (PyDict_Next(po, &j, &p, &list)) {
            if (!PyList_CheckExact(list) || PyList_GET_SIZE(list) == 0)
                return P_HAND_BACK;
            Slot *slot = memo_slot(&nt->preds, p);
            if (slot->key == NULL) {
                int r = supported_term(p, k);
                if (r <= 0)
                    return r < 0 ? P_ERROR : P_HAND_BACK;
                if ((slot = memo_add(&nt->preds, p)) == NULL)
                    return P_ERROR;
                slot->rank = (Py_ssize_t)nt->preds.used - 1;
            }
            Py_ssize_t count = PyList_GET_SIZE(list);
            if (nt->ncells + count >= (Py_ssize_t)UINT32_MAX || nt->ngroups + 2 >= (Py_ssize_t)UINT32_MAX)
                return P_HAND_BACK; /* four billion triples: the ids no longer fit */
            Group *groups = room_for(nt->groups, &nt->gcap, nt->ngroups + 2, sizeof(Group));
            if (groups == NULL)
                return P_ERROR;
            nt->groups = groups;
            uint32_t *cells = room_for(nt->cells, &nt->ccap, nt->ncells + count, sizeof(uint32_t));
            if (cells == NULL)
                return P_ERROR;
            nt->cells = cells;
            groups[nt->ngroups++] = (Group){(uint32_t)nt->ncells, (uint32_t)slot->rank};
            for (Py_ssize_t m = 0; m < count; m++, nt->ncells++) {
                PyObject **waiting = &ring[nt->ncells % AHEAD]; /* cell ncells - AHEAD's object */
                if (nt->ncells >= AHEAD && term_id(nt, *waiting, &cells[nt->ncells - AHEAD]) < 0)
                    return P_ERROR;
                *waiting = PyList_GET_ITEM(list, m);
                prefetch_slot(nt, *waiting);
            }
        }
        sub->g1 = (uint32_t)nt->ngroups;
    }
    for (Py_ssize_t c = nt->ncells < AHEAD ? 0 : nt->ncells - AHEAD; c < nt->ncells; c++)
        if (term_id(nt, ring[c % AHEAD], &nt->cells[c]) < 0)
            return P_ERROR;
    nt->groups[nt->ngroups].first = (uint32_t)nt->ncells;
    return P_OK;
}

/* Pass 1, last part: each distinct term checked and its text rendered, in the order of ids */
static int render_terms(NTriples *nt)
{
    const Kinds *k = &nt->k;
    PyObject **terms = nt->terms;
    Py_ssize_t n = nt->nterms, cap = n + 1;
    if ((nt->off = PyMem_Malloc((size_t)cap * sizeof(uint32_t))) == NULL) {
        PyErr_NoMemory();
        return P_ERROR;
    }
    nt->off[0] = 0;
    /* room for texts of about 100 bytes on average (kg's: 77), at once: a buffer grown by
       doubling would be copied to fresh pages again and again (each page costs a fault, as
       many as the texts take); pages not written to cost nothing */
    if (reserve(&nt->text, 100 * n) < 0)
        return P_ERROR;
    for (Py_ssize_t i = 0; i < n; i++) {
        /* the terms ahead: their objects, then a literal's lexical form */
        if (i + 8 < n)
            PREFETCH(terms[i + 8]);
        if (i + 4 < n && Py_TYPE(terms[i + 4]) == k->lit && PyTuple_GET_SIZE(terms[i + 4]) == 3)
            PREFETCH(PyTuple_GET_ITEM(terms[i + 4], 0));
        PyObject *t = terms[i];
        int r = supported_term(t, k);
        if (r <= 0)
            return r < 0 ? P_ERROR : P_HAND_BACK;
        /* literal subjects: lines() writes them as before */
        if (i < nt->n && Py_TYPE(t) == k->lit)
            return P_HAND_BACK;
        Buf *b = &nt->text;
        if (reserve(b, term_bound(t, 16)) < 0)
            return P_ERROR;
        char *end = nt_term(b->p + b->len, t, k);
        if (end != NULL) {
            b->len = end - b->p;
        } else { /* an empty text instead, never written: the error is raised at the end */
            if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
                return P_ERROR;
            PyErr_Clear();
            if (nt->unwritable == NULL)
                nt->unwritable = t;
        }
        if (b->len > (Py_ssize_t)UINT32_MAX)
            return P_HAND_BACK; /* texts of over 4 GB: their offsets no longer fit */
        nt->off[i + 1] = (uint32_t)b->len;
    }
    return P_OK;
}

static void ntriples_free(NTriples *nt)
{
    memo_free(&nt->preds);
    PyMem_Free(nt->pred);
    PyMem_Free(nt->subs);
    PyMem_Free(nt->groups);
    PyMem_Free(nt->cells);
    PyMem_Free(nt->slots);
    PyMem_Free(nt->terms);
    PyMem_Free(nt->off);
    PyMem_Free(nt->text.p);
}

typedef struct { /* a subject's predicate, as written */
    Py_ssize_t rank;
    Text text;
    Py_ssize_t first, count;
} Run;

static PyObject *ntriples(PyObject *self, PyObject *args)
{
    PyObject *spo, *out;
    NTriples nt = {0};
    (void)self;
    if (!PyArg_ParseTuple(args, "OOO!O!:ntriples", &spo, &out, &PyType_Type, &nt.k.blank, &PyType_Type, &nt.k.lit))
        return NULL;
    if (!PyDict_CheckExact(spo))
        return Py_NewRef(Py_False);
    PyObject *result = NULL;
    Py_ssize_t rcap = 0, tcap = 0;
    Run *runs = NULL;
    Text *texts = NULL;
    Out o = {{NULL, 0, 0, NULL}, NULL};
    if (memo_init(&nt.preds) < 0)
        goto done;
    int verdict = read_shape(spo, &nt);
    if (verdict == P_OK)
        verdict = render_terms(&nt);
    /* what only the first pass needs, given back before the lines take their memory */
    PyMem_Free(nt.slots);
    PyMem_Free(nt.terms);
    nt.slots = NULL;
    nt.terms = NULL;
    if (verdict != P_OK) {
        if (verdict == P_HAND_BACK)
            result = Py_NewRef(Py_False);
        goto done;
    }
    if (nt.unwritable != NULL) { /* its error, raised again now that the table is known to be ours */
        Buf scratch = {NULL, 0, 0, NULL};
        if (nt_append(&scratch, nt.unwritable, &nt.k) >= 0)
            PyErr_SetString(PyExc_ValueError, "a lone surrogate cannot be written as UTF-8"); /* not reached */
        PyMem_Free(scratch.p);
        goto done;
    }
    const char *text = nt.text.p;
    const uint32_t *off = nt.off;

    /* the predicates' texts, ranked by them */
    if ((nt.pred = PyMem_Malloc((nt.preds.used ? nt.preds.used : 1) * sizeof(Slot *))) == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i <= nt.preds.mask; i++) {
        Slot *slot = &nt.preds.slots[i];
        if (slot->key != NULL) {
            nt.pred[slot->rank] = slot;
            slot->off = nt.preds.text.len;
            if ((slot->len = nt_append(&nt.preds.text, slot->key, &nt.k)) < 0)
                goto done;
        }
    }
    if (rank_preds(&nt.preds, cmp_text, &nt.k, NULL) < 0)
        goto done;

    /* the subjects in the order of their texts */
    NtSubject *subs = nt.subs;
    Py_ssize_t n = nt.n;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t id = subs[i].term.id;
        subs[i].text = (Text){text + off[id], off[id + 1] - off[id]};
    }
    qsort(subs, (size_t)n, sizeof(NtSubject), cmp_text);
    for (Py_ssize_t i = 1; i < n; i++)
        if (cmp_text(&subs[i - 1], &subs[i]) == 0) { /* blank node labels that sanitize alike */
            result = Py_NewRef(Py_False);
            goto done;
        }

    /* Pass 2: the lines */
    if ((o.write = PyObject_GetAttrString(out, "write")) == NULL || out_open(&o) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        /* The subjects ahead, in steps: each step reads what the one before fetched (a
           subject's predicates, then its objects' ids, then their texts), so the waits for
           memory of several subjects overlap instead of following one another. */
        if (i + 12 < n)
            PREFETCH(&nt.groups[subs[i + 12].g0]);
        if (i + 8 < n)
            PREFETCH(&nt.cells[nt.groups[subs[i + 8].g0].first]);
        if (i + 4 < n) {
            const Group *g = &nt.groups[subs[i + 4].g0];
            PREFETCH(subs[i + 4].text.p);
            for (uint32_t c = g[0].first; c < g[subs[i + 4].g1 - subs[i + 4].g0].first && c < g[0].first + 16; c++)
                PREFETCH(&off[nt.cells[c]]);
        }
        if (i + 2 < n) {
            const Group *g = &nt.groups[subs[i + 2].g0];
            for (uint32_t c = g[0].first; c < g[subs[i + 2].g1 - subs[i + 2].g0].first && c < g[0].first + 16; c++)
                PREFETCH(text + off[nt.cells[c]]);
        }
        const Text *s = &subs[i].text;
        Py_ssize_t nruns = subs[i].g1 - subs[i].g0;
        Run *more = room_for(runs, &rcap, nruns, sizeof(Run));
        if (more == NULL)
            goto done;
        runs = more;
        /* the predicates in order of rank (stable: texts may tie, and keep the dict's order
           as Python's sort does) */
        for (Py_ssize_t j = 0; j < nruns; j++) {
            const Group *g = &nt.groups[subs[i].g0 + j];
            const Slot *slot = nt.pred[g->pred];
            Run cur = {slot->rank, {nt.preds.text.p + slot->off, slot->len}, g->first, g[1].first - g->first};
            Py_ssize_t m = j;
            for (; m > 0 && runs[m - 1].rank > cur.rank; m--)
                runs[m] = runs[m - 1];
            runs[m] = cur;
        }
        for (Py_ssize_t j = 0; j < nruns; j++) {
            const Text *p = &runs[j].text;
            const uint32_t *cells = nt.cells + runs[j].first;
            Py_ssize_t head = s->n + p->n + 2, count = runs[j].count;
            if (count == 1) {
                uint32_t id = cells[0];
                Py_ssize_t tn = off[id + 1] - off[id];
                if (reserve(&o.b, head + tn + 3) < 0)
                    goto done;
                char *w = o.b.p + o.b.len;
                memcpy(w, s->p, (size_t)s->n);
                w += s->n;
                *w++ = ' ';
                memcpy(w, p->p, (size_t)p->n);
                w += p->n;
                *w++ = ' ';
                memcpy(w, text + off[id], (size_t)tn);
                memcpy(w + tn, " .\n", 3);
                o.b.len = w + tn + 3 - o.b.p;
                continue;
            }
            /* several objects: their texts, sorted */
            Text *tmore = room_for(texts, &tcap, count, sizeof(Text));
            if (tmore == NULL)
                goto done;
            texts = tmore;
            for (Py_ssize_t m = 0; m < count; m++) {
                uint32_t id = cells[m];
                texts[m] = (Text){text + off[id], off[id + 1] - off[id]};
            }
            sort_texts(texts, count);
            for (Py_ssize_t m = 0; m < count; m++) {
                if (reserve(&o.b, head + texts[m].n + 3) < 0)
                    goto done;
                put(&o.b, s->p, s->n);
                put(&o.b, " ", 1);
                put(&o.b, p->p, p->n);
                put(&o.b, " ", 1);
                put(&o.b, texts[m].p, texts[m].n);
                put(&o.b, " .\n", 3);
            }
        }
        if (o.b.len >= CHUNK && flush(&o, 1) < 0)
            goto done;
    }
    if (flush(&o, 0) < 0)
        goto done;
    result = Py_NewRef(Py_True);
done:
    PyMem_Free(runs);
    PyMem_Free(texts);
    Py_XDECREF(o.b.bytes);
    Py_XDECREF(o.write);
    ntriples_free(&nt);
    return result;
}

/* ---- Turtle --------------------------------------------------------------------------- */

typedef struct {
    Kinds k;
    PyObject *base;                          /* the id: namespace, written as @base */
    PyObject *namespaces;                    /* ((prefix, namespace), ...) for prefixed names */
    Py_ssize_t longest;                      /* the longest prefix, in characters */
    PyObject *type, *integer, *decimal, *boolean; /* rdf:type, xsd:integer, xsd:decimal, xsd:boolean */
    Memo names;                              /* the texts of IRIs not written relative to @base */
} Turtle;

/* turtle._RELATIVE.fullmatch(s[start:]): '/'-separated segments, none empty, none starting
   with '.', of [A-Za-z0-9_.~%-] */
static unsigned char RELATIVE[128], LOCAL_FIRST[128], LOCAL[128];

static unsigned char PATH[128]; /* RELATIVE and '/' */

static int relative(PyObject *s, Py_ssize_t start)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s), segment_start = 1;
    const void *d = PyUnicode_DATA(s);
    if (start >= n)
        return 0;
    if (PyUnicode_IS_ASCII(s)) { /* kg's data IRIs: every character at once, then the slashes */
        const unsigned char *c = (const unsigned char *)d + start, *slash;
        Py_ssize_t i = 0, len = n - start;
        unsigned char ok = 1;
        for (; i + 8 <= len; i += 8)
            ok &= PATH[c[i]] & PATH[c[i + 1]] & PATH[c[i + 2]] & PATH[c[i + 3]] & PATH[c[i + 4]]
                  & PATH[c[i + 5]] & PATH[c[i + 6]] & PATH[c[i + 7]];
        for (; i < len; i++)
            ok &= PATH[c[i]];
        if (!ok || c[0] == '.' || c[0] == '/' || c[len - 1] == '/')
            return 0;
        for (slash = memchr(c, '/', (size_t)len); slash != NULL;
             slash = memchr(slash + 1, '/', (size_t)(c + len - slash - 1)))
            if (slash[1] == '/' || slash[1] == '.') /* an empty segment, or one starting with '.' */
                return 0;
        return 1;
    }
    for (Py_ssize_t i = start; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        if (c == '/') {
            if (segment_start)
                return 0;
            segment_start = 1;
            continue;
        }
        if (c >= 128 || !RELATIVE[c] || (segment_start && c == '.'))
            return 0;
        segment_start = 0;
    }
    return !segment_start;
}

/* turtle._LOCAL.fullmatch(s[start:]): [A-Za-z_][A-Za-z0-9_-]* */
static int local_name(PyObject *s, Py_ssize_t start)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    if (start >= n)
        return 0;
    for (Py_ssize_t i = start; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        if (c >= 128 || !(i == start ? LOCAL_FIRST : LOCAL)[c])
            return 0;
    }
    return 1;
}

/* s[start:] written as is (ASCII: the patterns above allow nothing else) */
static char *put_rest(char *w, PyObject *s, Py_ssize_t start)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    if (kind == PyUnicode_1BYTE_KIND) {
        memcpy(w, (const char *)d + start, (size_t)(n - start));
        return w + n - start;
    }
    for (Py_ssize_t i = start; i < n; i++)
        *w++ = (char)PyUnicode_READ(kind, d, i);
    return w;
}

/* turtle._iri(v) of an IRI not written relative to @base: a prefixed name or <...> escaped */
static char *ttl_name(char *w, PyObject *v, const Turtle *t)
{
    /* the longest namespace `v` starts with, the first of those as long (max() in Python) */
    PyObject *best = NULL;
    Py_ssize_t best_len = -1;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t->namespaces); i++) {
        PyObject *pair = PyTuple_GET_ITEM(t->namespaces, i), *ns = PyTuple_GET_ITEM(pair, 1);
        if (PyUnicode_GET_LENGTH(ns) > best_len && starts_with(v, ns)) {
            best = pair;
            best_len = PyUnicode_GET_LENGTH(ns);
        }
    }
    if (best != NULL && local_name(v, best_len)) {
        if ((w = put_text(w, PyTuple_GET_ITEM(best, 0), M_RAW)) == NULL)
            return NULL;
        *w++ = ':';
        return put_rest(w, v, best_len);
    }
    *w++ = '<';
    if ((w = put_text(w, v, M_IRI)) == NULL)
        return NULL;
    *w++ = '>';
    return w;
}

/* turtle._iri(v) at w, which has room for term_bound(v, 16 + t->longest) */
static char *ttl_iri(char *w, PyObject *v, Turtle *t)
{
    Py_ssize_t cut = PyUnicode_GET_LENGTH(t->base);
    if (starts_with(v, t->base) && relative(v, cut)) {
        *w++ = '<';
        w = put_rest(w, v, cut);
        *w++ = '>';
        return w;
    }
    /* The others are mostly vocabulary: few, used many times (a class for each subject, a
       datatype for each date): each written once, its text kept, by object. */
    Slot *slot = memo_slot(&t->names, v);
    if (slot->key == NULL) {
        Buf *b = &t->names.text;
        Py_ssize_t off = b->len;
        char *end;
        if (reserve(b, term_bound(v, 16 + t->longest)) < 0 || (end = ttl_name(b->p + off, v, t)) == NULL)
            return NULL;
        b->len = end - b->p;
        if ((slot = memo_add(&t->names, v)) == NULL)
            return NULL;
        slot->off = off;
        slot->len = b->len - off;
    }
    memcpy(w, t->names.text.p + slot->off, (size_t)slot->len);
    return w + slot->len;
}

/* turtle._INTEGER / _DECIMAL .fullmatch(s): [+-]?[0-9]+ ; [+-]?[0-9]*\.[0-9]+ */
static int number(PyObject *s, int decimal)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), i = 0, digits = 0;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    if (i < n && (PyUnicode_READ(kind, d, i) == '+' || PyUnicode_READ(kind, d, i) == '-'))
        i++;
    for (; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, d, i);
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (decimal && c == '.') {
            decimal = 0; /* one point; digits after it, at least one */
            digits = 0;
        } else {
            return 0;
        }
    }
    return digits > 0 && !decimal;
}

static int is_ascii(PyObject *s, const char *text)
{
    return PyUnicode_CompareWithASCIIString(s, text) == 0;
}

/* turtle._term(t), which obj() and _literal() agree with, at w */
static char *ttl_term(char *w, PyObject *t, Turtle *tt)
{
    if (!still_term(t, &tt->k))
        return NULL;
    switch (kind_of(t, &tt->k)) {
    case K_IRI:
        return ttl_iri(w, t, tt);
    case K_BLANK:
        memcpy(w, "_:b", 3);
        return put_text(w + 3, t, M_BNODE);
    }
    PyObject *lexical = PyTuple_GET_ITEM(t, 0), *datatype = PyTuple_GET_ITEM(t, 1),
             *language = PyTuple_GET_ITEM(t, 2);
    /* Turtle's bare numbers and booleans, as turtle._literal */
    if (PyUnicode_GET_LENGTH(datatype) && PyUnicode_IS_ASCII(lexical)
            && ((str_eq(datatype, tt->integer) && number(lexical, 0))
                || (str_eq(datatype, tt->decimal) && number(lexical, 1))
                || (str_eq(datatype, tt->boolean) && (is_ascii(lexical, "true") || is_ascii(lexical, "false")))))
        return put_rest(w, lexical, 0);
    *w++ = '"';
    if ((w = put_text(w, lexical, M_STRING)) == NULL)
        return NULL;
    *w++ = '"';
    if (PyUnicode_GET_LENGTH(language)) {
        *w++ = '@';
        return put_text(w, language, M_RAW);
    }
    if (PyUnicode_GET_LENGTH(datatype)) {
        *w++ = '^';
        *w++ = '^';
        return ttl_iri(w, datatype, tt);
    }
    return w;
}

static int ttl_append(Buf *b, PyObject *t, Turtle *tt)
{
    if (!still_term(t, &tt->k) || reserve(b, term_bound(t, 16 + tt->longest)) < 0)
        return -1;
    char *end = ttl_term(b->p + b->len, t, tt);
    if (end == NULL)
        return -1;
    b->len = end - b->p;
    return 0;
}

static PyObject *turtle(PyObject *self, PyObject *args)
{
    PyObject *spo, *out, *head;
    Turtle t;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOUO!O!UO!UUUU:turtle", &spo, &out, &head, &PyType_Type, &t.k.blank,
                          &PyType_Type, &t.k.lit, &t.base, &PyTuple_Type, &t.namespaces, &t.type,
                          &t.integer, &t.decimal, &t.boolean))
        return NULL;
    t.longest = 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t.namespaces); i++) {
        PyObject *pair = PyTuple_GET_ITEM(t.namespaces, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0))
                || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "namespaces: a tuple of (prefix, namespace) strs");
            return NULL;
        }
        if (PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(pair, 0)) > t.longest)
            t.longest = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(pair, 0));
    }
    t.longest *= 4;
    Memo memo;
    if (memo_init(&memo) < 0)
        return NULL;
    int ok = supported(spo, &t.k, &memo);
    if (ok <= 0) {
        memo_free(&memo);
        return ok < 0 ? NULL : Py_NewRef(Py_False);
    }

    PyObject *result = NULL;
    Py_ssize_t n = 0, npreds = 0, pcap = 0, rcap = 0;
    Subject *subs = NULL;
    Pred *preds = NULL;
    Ranked *ranked = NULL;
    Out o = {{NULL, 0, 0, NULL}, NULL};
    t.names = (Memo){0};
    if (memo_init(&t.names) < 0)
        goto done;
    /* the verbs: 'a' or the predicate's text; ranked by the predicates */
    for (size_t i = 0; i <= memo.mask; i++) {
        Slot *slot = &memo.slots[i];
        if (slot->key == NULL)
            continue;
        slot->off = memo.text.len;
        if (kind_of(slot->key, &t.k) == K_IRI && str_eq(slot->key, t.type)) {
            if (reserve(&memo.text, 1) < 0)
                goto done;
            put(&memo.text, "a", 1);
        } else if (ttl_append(&memo.text, slot->key, &t) < 0) {
            goto done;
        }
        slot->len = memo.text.len - slot->off;
    }
    if (rank_preds(&memo, cmp_verb, &t.k, t.type) < 0 || (subs = subjects_of(spo, &n, &t.k)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) /* their characters as bytes, where that is their order */
        if (subs[i].kind == K_IRI && PyUnicode_KIND(subs[i].s) == PyUnicode_1BYTE_KIND)
            subs[i].text = (Text){PyUnicode_DATA(subs[i].s), PyUnicode_GET_LENGTH(subs[i].s)};
    qsort(subs, (size_t)n, sizeof(Subject), cmp_subject);

    if ((o.write = PyObject_GetAttrString(out, "write")) == NULL || out_open(&o) < 0)
        goto done;
    if (reserve(&o.b, bound(head)) < 0)
        goto done;
    {
        char *w = put_text(o.b.p, head, M_RAW);
        if (w == NULL)
            goto done;
        o.b.len = w - o.b.p;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (reserve(&o.b, 2) < 0)
            goto done;
        put(&o.b, "\n", 1);
        if (ttl_append(&o.b, subs[i].s, &t) < 0 || reserve(&o.b, 1) < 0)
            goto done;
        put(&o.b, "\n", 1);
        if (i + 3 < n)
            PREFETCH(subs[i + 3].po);
        if (preds_of(subs[i].po, &preds, &pcap, &npreds) < 0)
            goto done;
        if (order_preds(preds, npreds, &memo) < 0)
            goto done;
        for (Py_ssize_t j = 0; j < npreds; j++) {
            PyObject *objs = preds[j].objs;
            const Text *verb = &preds[j].text;
            if (reserve(&o.b, verb->n + 8) < 0)
                goto done;
            put(&o.b, "    ", 4);
            put(&o.b, verb->p, verb->n);
            put(&o.b, " ", 1);
            Py_ssize_t count = PyList_GET_SIZE(objs);
            if (count == 1) {
                if (ttl_append(&o.b, PyList_GET_ITEM(objs, 0), &t) < 0)
                    goto done;
            } else {
                Ranked *more = room_for(ranked, &rcap, count, sizeof(Ranked));
                if (more == NULL)
                    goto done;
                ranked = more;
                for (Py_ssize_t m = 0; m < count; m++) {
                    PyObject *obj = PyList_GET_ITEM(objs, m);
                    if (!still_term(obj, &t.k))
                        goto done;
                    ranked[m] = (Ranked){obj, kind_of(obj, &t.k)};
                }
                sort_ranked(ranked, count);
                for (Py_ssize_t m = 0; m < count; m++) {
                    if (m > 0) {
                        if (reserve(&o.b, 11) < 0)
                            goto done;
                        put(&o.b, " ,\n        ", 11);
                    }
                    if (ttl_append(&o.b, ranked[m].t, &t) < 0)
                        goto done;
                }
            }
            if (reserve(&o.b, 3) < 0)
                goto done;
            put(&o.b, j == npreds - 1 ? " .\n" : " ;\n", 3);
        }
        preds_release(preds, npreds);
        npreds = 0;
        if (o.b.len >= CHUNK && flush(&o, 1) < 0)
            goto done;
    }
    if (flush(&o, 0) < 0)
        goto done;
    result = Py_NewRef(Py_True);
done:
    preds_release(preds, npreds);
    PyMem_Free(preds);
    subjects_free(subs, n);
    PyMem_Free(ranked);
    Py_XDECREF(o.b.bytes);
    Py_XDECREF(o.write);
    memo_free(&memo);
    memo_free(&t.names);
    return result;
}

/* ---- the module ----------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"ntriples", ntriples, METH_VARARGS,
     "ntriples(spo, out, Blank, Lit) -> bool: kg.export.ntriples.lines() of the table written to "
     "out; False, nothing written, where the table holds what only the Python code writes."},
    {"turtle", turtle, METH_VARARGS,
     "turtle(spo, out, head, Blank, Lit, base, namespaces, type, integer, decimal, boolean) -> bool: "
     "kg.export.turtle.lines() of the table written to out; False, nothing written, where the table "
     "holds what only the Python code writes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_rdftext",
    "The N-Triples and Turtle text of a kg.triples.Table, in C (see kg.export.ntriples, kg.export.turtle).",
    -1, methods, NULL, NULL, NULL, NULL,
};

static int in(const char *set, int c)
{
    return c != 0 && strchr(set, c) != NULL;
}

PyMODINIT_FUNC PyInit__rdftext(void)
{
    for (int c = 0; c < 128; c++) {
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        PLAIN[M_IRI][c] = c > 0x20 && !in("<>\"{}|^`\\", c);
        PLAIN[M_STRING][c] = c > 0x1f && c != 0x7f && c != '\\' && c != '"';
        PLAIN[M_RAW][c] = 1;
        PLAIN[M_BNODE][c] = alnum || c == '_';
        RELATIVE[c] = alnum || in("_.~%-", c);
        PATH[c] = RELATIVE[c] || c == '/';
        LOCAL_FIRST[c] = (alnum && !(c >= '0' && c <= '9')) || c == '_';
        LOCAL[c] = alnum || c == '_' || c == '-';
    }
    for (unsigned c = 0; c < 0x10000; c++) {
        unsigned char u[4] = {0, 0, 0, 0};
        if (c < 0x80) {
            u[0] = PLAIN[M_STRING][c] ? (unsigned char)c : 0;
        } else if (c < 0x800) {
            u[0] = (unsigned char)(0xC0 | (c >> 6));
            u[1] = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c - 0xD800 >= 0x800) {
            u[0] = (unsigned char)(0xE0 | (c >> 12));
            u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            u[2] = (unsigned char)(0x80 | (c & 0x3F));
        }
        memcpy(&STRING_UTF8[c], u, 4);
    }
    return PyModule_Create(&module);
}
