/* kg.export._graphml: the GraphML writer in C, from the triple table's index to the bytes.

   write(out, spo, consts, pieces) writes what the pure-Python path of
   graphml.GraphMLExporter.write writes -- graphml._render over graphml._columns_py(table) --
   for the table whose index is spo (subject -> predicate -> list of objects), UTF-8, to out in
   chunks of about 1 MB (out.write(bytes)), and returns True. It returns False, having written
   nothing, where the table holds something it leaves to the Python code: a node that is not
   an IRI (a blank node or a literal: the Python code orders those by str(), with ties), a term
   of a kind kg's tables do not hold, a role or literal text that is not a str, or something
   else than a dict or a list where the table keeps one.

   columns(spo, consts) returns graphml._columns_py(table) -- ids, labels, kinds, roles, edges
   -- computed the same way, or None where write() returns False (graphml.view() reads it).

   render(out, ids, labels, kinds, roles, edges, kind_index, pieces) writes graphml._render's
   text for columns given by the caller (the Python view, where write() returned False).

   The view is made in C: nodes by index (a hash table of their ids), edges as (source,
   target, label) index triples sorted by integer ranks, never as Python tuples compared
   string by string; every string the file needs is escaped and encoded once into one arena.
   The rows are then put together from the arena alone, so that out.write, which may run any
   Python code, runs where no object of the table is in use. While the view is made no Python
   code runs (terms are compared by C; the table's objects are used without references of
   their own: the caller holds the table).

   The text pieces made once per class or edge label come from graphml.py (`pieces`: the same
   functions _render uses, with a placeholder where the escaped text goes).
   Checked byte for byte against the Python code (tests/test_export_native_graphml.py).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

enum { DONE = 0, FAILED = -1, UNHANDLED = 1 };

/* Objects read one after another but lying all over memory are fetched AHEAD reads before
   their use, so that the fetches overlap. */
#define AHEAD 12
#define BLOCK 256

/* The slot of object x in a table of n (a power of two) kept by identity: its address's bits
   mixed (objects lie 16 bytes apart at least, and a few dozen must seldom share a slot). */
#define SLOT_OF(x, n) ((size_t)((((uintptr_t)(x) >> 4) * 0x9E3779B97F4A7C15u) >> 40) % (n))
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* What the view is read with (graphml._NATIVE_CONSTS). */
typedef struct {
    PyTypeObject *lit, *blank;
    PyObject *type_p, *classes, *membership, *former, *boolean;
    PyObject *organization, *member, *role, *name, *pref_label, *kinds;
    Py_ssize_t event;  /* kg:Event's index in `classes` (class -> index in sorted order) */
} Consts;

static PyObject *TRUE_TEXT, *ONE_TEXT, *FORMER_PREFIX, *ROLE_SEPARATOR, *LOWER, *WRITE;

/* ---------------------------------------------------------------- small helpers */

/* Room for `more` items of `size` bytes in *items, which holds n of *cap. */
static int
room(void *items, Py_ssize_t *cap, Py_ssize_t n, Py_ssize_t more, size_t size)
{
    if (more <= *cap - n)
        return 0;
    if (n > PY_SSIZE_T_MAX / 4 - more || (size_t)(2 * n + more) > PY_SSIZE_T_MAX / size) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t want = Py_MAX(16, 2 * n + more);  /* twice as many, or what is asked first */
    void *grown = PyMem_Realloc(*(void **)items, (size_t)want * size);
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *(void **)items = grown;
    *cap = want;
    return 0;
}

/* a == b for two exact str, by C alone (equal str have the same kind and code units). */
static int
same_str(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    return n == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b)
           && memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), n * PyUnicode_KIND(a)) == 0;
}

/* hash(x) for a str: the one it keeps once computed (every key of a dict has it), without
   a call. */
static inline Py_hash_t
str_hash(PyObject *x)
{
    Py_hash_t h = ((PyASCIIObject *)x)->hash;
    return h != -1 ? h : PyObject_Hash(x);
}

/* Code point order of two str: <0, 0, >0 (memcmp where both hold one byte a code point). */
static int
compare_str(PyObject *x, PyObject *y)
{
    if (x == y)
        return 0;
    if (PyUnicode_KIND(x) == PyUnicode_1BYTE_KIND && PyUnicode_KIND(y) == PyUnicode_1BYTE_KIND) {
        Py_ssize_t nx = PyUnicode_GET_LENGTH(x), ny = PyUnicode_GET_LENGTH(y);
        int c = memcmp(PyUnicode_DATA(x), PyUnicode_DATA(y), nx < ny ? nx : ny);
        return c != 0 ? c : (nx > ny) - (nx < ny);
    }
    return PyUnicode_Compare(x, y);
}

/* po.get(key) as a list (borrowed), NULL with *status set where absent (DONE), an error
   (FAILED) or not a list (UNHANDLED: the Python code takes any sequence). */
static PyObject *
get_list(PyObject *po, PyObject *key, int *status)
{
    PyObject *found = PyDict_GetItemWithError(po, key);
    if (found == NULL) {
        *status = PyErr_Occurred() ? FAILED : DONE;
        return NULL;
    }
    if (!PyList_CheckExact(found)) {
        *status = UNHANDLED;
        return NULL;
    }
    *status = DONE;
    return found;
}

/* graphml._local(text) for a str, a new reference: the text after the last '#', and in that
   after the last '/'; the whole text where that is empty. */
static PyObject *
local_name(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t hash = PyUnicode_FindChar(text, '#', 0, n, -1);
    Py_ssize_t slash = hash < -1 ? -2 : PyUnicode_FindChar(text, '/', hash + 1, n, -1);
    if (slash < -1)
        return NULL;
    Py_ssize_t start = slash >= 0 ? slash + 1 : hash + 1;
    if (start == 0 || start == n)
        return Py_NewRef(text);
    return PyUnicode_Substring(text, start, n);
}

/* ---------------------------------------------------------------- escaping */

/* What graphml._text makes of each ASCII character: NULL itself, else its entity or U+FFFD
   (a control character XML 1.0 forbids). */
static const char *ASCII_ESCAPE[128];

static void
init_escapes(void)
{
    for (int c = 0; c < 0x20; c++)
        if (c != '\t' && c != '\n' && c != '\r')
            ASCII_ESCAPE[c] = "\xef\xbf\xbd";
    ASCII_ESCAPE['&'] = "&amp;";
    ASCII_ESCAPE['<'] = "&lt;";
    ASCII_ESCAPE['>'] = "&gt;";
    ASCII_ESCAPE['"'] = "&quot;";
}

/* Whether ASCII text holds a character to escape, 8 bytes at a time (ids are 50-70 bytes):
   bytes below 0x20, or equal to & < > ". */
static int
ascii_needs_escape(const unsigned char *s, Py_ssize_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    Py_ssize_t i = 0;
#if defined(__SSE2__)
    /* 16 bytes at a time where the processor has SSE2 (every x86-64) */
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'), amp = _mm_set1_epi8('&');
    const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>');
    for (; i + 16 <= n; i += 16) {
        __m128i w = _mm_loadu_si128((const __m128i *)(s + i));  /* ASCII: signed compares hold */
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(w, space), _mm_cmpeq_epi8(w, quote)),
                                   _mm_or_si128(_mm_cmpeq_epi8(w, amp),
                                                _mm_or_si128(_mm_cmpeq_epi8(w, lt), _mm_cmpeq_epi8(w, gt))));
        if (_mm_movemask_epi8(hit))
            return 1;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t w, found;
        memcpy(&w, s + i, 8);
        /* a byte is zero in (w ^ c*ones) where w holds c; below 0x20 in w - 0x20*ones where
           w < 0x20 (ASCII: no high bits to confuse the test) */
        found = (w - 0x20 * ones) | ((w ^ 0x26 * ones) - ones) | ((w ^ 0x3c * ones) - ones)
                | ((w ^ 0x3e * ones) - ones) | ((w ^ 0x22 * ones) - ones);
        if (found & ~w & highs)
            return 1;
    }
    for (; i < n; i++)
        if (ASCII_ESCAPE[s[i]] != NULL)
            return 1;
    return 0;
}

/* One character c as UTF-8 at o, escaped as graphml._text does where `escape` (escaped set
   where it was): a statement over local variables, so that the compiler keeps them in
   registers (stores through a char pointer could change anything a pointer points to). A
   lone surrogate, which UTF-8 cannot hold, sets bad. */
#define PUT_CHAR(o, c, escape, escaped, bad)                                   \
    do {                                                                       \
        Py_UCS4 c_ = (c);                                                      \
        if (c_ < 0x80) {                                                       \
            const char *e_ = (escape) ? ASCII_ESCAPE[c_] : NULL;               \
            if (e_ == NULL)                                                    \
                *o++ = (unsigned char)c_;                                      \
            else {                                                             \
                size_t len_ = strlen(e_);                                      \
                memcpy(o, e_, len_);                                           \
                o += len_;                                                     \
                escaped = 1;                                                   \
            }                                                                  \
        } else if (c_ < 0x800) {                                               \
            *o++ = (unsigned char)(0xC0 | (c_ >> 6));                          \
            *o++ = (unsigned char)(0x80 | (c_ & 0x3F));                        \
        } else if (c_ < 0x10000) {                                             \
            if (c_ >= 0xD800 && c_ <= 0xDFFF)                                  \
                bad = 1;                                                       \
            if ((escape) && (c_ == 0xFFFE || c_ == 0xFFFF)) {                  \
                c_ = 0xFFFD;                                                   \
                escaped = 1;                                                   \
            }                                                                  \
            *o++ = (unsigned char)(0xE0 | (c_ >> 12));                         \
            *o++ = (unsigned char)(0x80 | ((c_ >> 6) & 0x3F));                 \
            *o++ = (unsigned char)(0x80 | (c_ & 0x3F));                        \
        } else {                                                               \
            *o++ = (unsigned char)(0xF0 | (c_ >> 18));                         \
            *o++ = (unsigned char)(0x80 | ((c_ >> 12) & 0x3F));                \
            *o++ = (unsigned char)(0x80 | ((c_ >> 6) & 0x3F));                 \
            *o++ = (unsigned char)(0x80 | (c_ & 0x3F));                        \
        }                                                                      \
    } while (0)

/* The bytes the view's strings are encoded into, rows' pieces addressed by offset. */
typedef struct {
    char *data;
    Py_ssize_t len, cap;
} Arena;

static int
arena_put(Arena *a, const void *s, Py_ssize_t n)
{
    if (room(&a->data, &a->cap, a->len, n, 1) < 0)
        return -1;
    memcpy(a->data + a->len, s, n);
    a->len += n;
    return 0;
}

static int
arena_put_bytes(Arena *a, PyObject *bytes)
{
    return arena_put(a, PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
}

/* value (a str) as UTF-8 at the arena's end; where `escape`, graphml._text(value): & < > "
   as entities, the characters XML 1.0 forbids (controls, U+FFFE, U+FFFF) as U+FFFD: 1 where
   that changed the text, else 0. A lone surrogate raises UnicodeEncodeError, as the Python
   path's str.encode does. */
static int
arena_put_str(Arena *a, PyObject *value, int escape)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    int escaped = 0;
    if (PyUnicode_IS_ASCII(value) && !(escape && ascii_needs_escape(data, n)))  /* nearly every id */
        return arena_put(a, data, n);
    if (n > PY_SSIZE_T_MAX / 8) {
        PyErr_NoMemory();
        return -1;
    }
    if (room(&a->data, &a->cap, a->len, 6 * n, 1) < 0)  /* at most 6 bytes a character: &quot; */
        return -1;
    unsigned char *o = (unsigned char *)a->data + a->len;
    int bad = 0;  /* a lone surrogate was met */
    /* one loop per width of the str's code units, so that the width is not tested anew
       for each character (labels are mostly two bytes a character: Vietnamese) */
    if (kind == PyUnicode_1BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n; i++)
            PUT_CHAR(o, ((const Py_UCS1 *)data)[i], escape, escaped, bad);
    } else if (kind == PyUnicode_2BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n; i++)
            PUT_CHAR(o, ((const Py_UCS2 *)data)[i], escape, escaped, bad);
    } else {
        for (Py_ssize_t i = 0; i < n; i++)
            PUT_CHAR(o, ((const Py_UCS4 *)data)[i], escape, escaped, bad);
    }
    if (bad) {  /* where: as str.encode says */
        Py_ssize_t at = 0;
        while (PyUnicode_READ(kind, data, at) < 0xD800 || PyUnicode_READ(kind, data, at) > 0xDFFF)
            at++;
        PyObject *exc = PyObject_CallFunction(PyExc_UnicodeEncodeError, "sOnns", "utf-8", value,
                                              at, at + 1, "surrogates not allowed");
        if (exc != NULL) {
            PyErr_SetObject(PyExc_UnicodeEncodeError, exc);
            Py_DECREF(exc);
        }
        return -1;
    }
    a->len = (char *)o - a->data;
    return escaped;
}

/* ---------------------------------------------------------------- the view */

typedef struct {
    PyObject *id, *po, *names;  /* borrowed from the table (po: NULL where the caller gave columns) */
    PyObject *label;    /* columns(): the label, a new reference */
    Py_hash_t hash;     /* the id's */
    Py_ssize_t cls;     /* index in the classes, sorted */
    /* write(): the escaped id, the escaped label and the roles row, in the arena */
    Py_ssize_t id_at, id_len, label_at, label_len, roles_at, roles_len;
} Node;

typedef struct {
    Py_ssize_t a, b, label;  /* an edge: source, target, label; a post without organization: person, -, title */
} Link;

typedef struct {
    Py_hash_t hash;
    Py_ssize_t node;  /* its index + 1; 0: an empty slot */
} Slot;

typedef struct {
    Py_ssize_t node;
    PyObject *p, *o;  /* borrowed */
    Py_hash_t hash;  /* o's, where o is a str */
} Candidate;  /* `node p o` in the table: an edge where o is a node */

typedef struct {
    PyObject *text;  /* borrowed; NULL: an empty slot */
    Py_ssize_t at, len;
} Encoded;  /* a text escaped into the arena */

typedef struct {
    Consts k;
    int keep;  /* columns(): keep the labels as objects; else encode them */
    int ids_escaped;  /* some id was changed by escaping */
    Node *nodes;
    Py_ssize_t n_nodes, cap_nodes, n_rows;  /* render(): edge ends that are no ids after the rows */
    PyObject **members;  /* the predicate -> objects dicts of the memberships */
    Py_ssize_t n_members, cap_members;
    Slot *slots;  /* node ids, hashed: open addressing */
    size_t mask;
    Candidate *candidates, *lists;  /* lists: a block's nodes' object lists (o: the list) */
    Py_ssize_t n_candidates, cap_candidates, cap_lists;
    Link *edges, *roles;
    Py_ssize_t n_edges, cap_edges, n_roles, cap_roles;
    Py_ssize_t *orgs, cap_orgs;  /* one membership's organizations that are nodes */
    PyObject *label_ids, *labels;  /* label text -> index; the texts, by index */
    PyObject *titles[2];  /* role -> index of its title (former: "nguyên " title) */
    PyObject *pred_labels;  /* predicate -> index of its local name (-2: rdf:type) */
    Py_ssize_t *order, *rank, *label_rank;  /* node ids sorted: the nodes in order, each one's place */
    Py_ssize_t *tail_at, *tail_len;  /* write(): each edge label's end of row in the arena */
    Arena arena;
    Encoded *encoded;  /* write(): names escaped, by identity */
    size_t encoded_slots;
    PyObject *owned[6];
} View;

static void
view_clear(View *v)
{
    if (v->keep)
        for (Py_ssize_t i = 0; i < v->n_nodes; i++)
            Py_XDECREF(v->nodes[i].label);
    PyMem_Free(v->nodes);
    PyMem_Free(v->members);
    PyMem_Free(v->slots);
    PyMem_Free(v->candidates);
    PyMem_Free(v->lists);
    PyMem_Free(v->edges);
    PyMem_Free(v->roles);
    PyMem_Free(v->orgs);
    PyMem_Free(v->order);
    PyMem_Free(v->rank);
    PyMem_Free(v->label_rank);
    PyMem_Free(v->tail_at);
    PyMem_Free(v->tail_len);
    PyMem_Free(v->arena.data);
    PyMem_Free(v->encoded);
    Py_XDECREF(v->label_ids);
    Py_XDECREF(v->labels);
    Py_XDECREF(v->titles[0]);
    Py_XDECREF(v->titles[1]);
    Py_XDECREF(v->pred_labels);
    for (int i = 0; i < 6; i++)
        Py_XDECREF(v->owned[i]);
}

static int
view_init(View *v, int keep)
{
    memset(v, 0, sizeof *v);
    v->keep = keep;
    v->label_ids = PyDict_New();
    v->labels = PyList_New(0);
    v->titles[0] = PyDict_New();
    v->titles[1] = PyDict_New();
    v->pred_labels = PyDict_New();
    return v->label_ids && v->labels && v->titles[0] && v->titles[1] && v->pred_labels ? 0 : -1;
}

static int
parse_consts(PyObject *consts, Consts *k)
{
    PyObject *lit, *blank;
    if (!PyArg_ParseTuple(consts, "O!O!UO!nUUUUUUUUO!:consts", &PyType_Type, &lit, &PyType_Type,
                          &blank, &k->type_p, &PyDict_Type, &k->classes, &k->event,
                          &k->membership, &k->former, &k->boolean, &k->organization, &k->member,
                          &k->role, &k->name, &k->pref_label, &PyTuple_Type, &k->kinds))
        return -1;
    k->lit = (PyTypeObject *)lit;
    k->blank = (PyTypeObject *)blank;
    if (!PyType_IsSubtype(k->lit, &PyTuple_Type) || k->event < 0
        || k->event >= PyTuple_GET_SIZE(k->kinds)) {
        PyErr_SetString(PyExc_TypeError, "consts: the literal type must be a tuple, kg:Event a class");
        return -1;
    }
    return 0;
}

/* The table's own str objects for the predicates looked up in every subject, where they
   are other objects than ours: a dict lookup then matches by identity, without comparing
   40-odd characters (the mapper makes each IRI once, so every subject shares them). Looked
   for among the first subjects' predicates; new references kept in v->owned. */
static void
adopt_predicates(View *v, PyObject *spo)
{
    Consts *k = &v->k;
    PyObject **wanted[6] = {&k->type_p, &k->name, &k->former, &k->organization, &k->member,
                            &k->role};
    Py_ssize_t pos = 0, subjects = 0;
    PyObject *s, *po;
    while (PyDict_Next(spo, &pos, &s, &po) && subjects++ < 256) {
        if (!PyDict_CheckExact(po))
            continue;
        Py_ssize_t at = 0;
        PyObject *p, *objs;
        while (PyDict_Next(po, &at, &p, &objs)) {
            if (!PyUnicode_CheckExact(p))
                continue;
            for (int i = 0; i < 6; i++)
                if (v->owned[i] == NULL && *wanted[i] != p && same_str(p, *wanted[i]))
                    *wanted[i] = v->owned[i] = Py_NewRef(p);
        }
    }
}

static int
add_node(View *v, PyObject *id, PyObject *po, Py_ssize_t cls)
{
    if (room(&v->nodes, &v->cap_nodes, v->n_nodes, 1, sizeof(Node)) < 0)
        return -1;
    Node *node = &v->nodes[v->n_nodes++];
    memset(node, 0, sizeof *node);
    node->id = id;
    node->po = po;
    node->cls = cls;
    return 0;
}

/* What a class in a type list says: its index (-1: not a node class), kg:Membership. */
typedef struct {
    PyObject *cls;  /* borrowed, a str; NULL: an empty slot */
    Py_ssize_t index;
    int member;
} ClassInfo;

#define CLASS_SLOTS 512

static int read_nodes(View *v, Py_ssize_t from);

/* The nodes (subjects with a node class) in table order, each with its class, as the Python
   code chooses it per type list: the smallest node class other than kg:Event, else kg:Event;
   and the predicate -> objects dicts of the memberships (subjects typed kg:Membership).

   The table's objects lie all over memory, and reading them one after another waits for
   each in turn. So the subjects are read BLOCK at a time, in steps: each step fetches for
   the whole block what the next step reads (the subjects' dicts, then their keys, their type
   lists, their items), so that the fetches of a step overlap. */
static int
find_nodes(View *v, PyObject *spo)
{
    const Consts *k = &v->k;
    /* the few class objects recur in every type list: what each says is kept by identity */
    ClassInfo seen[CLASS_SLOTS];
    memset(seen, 0, sizeof seen);
    PyObject *s[BLOCK], *po[BLOCK], *sig[BLOCK];
    Py_ssize_t pos = 0, n, subjects = PyDict_GET_SIZE(spo);
    int status;
    /* room made at once for as many nodes and edges as subjects, 4 candidates and 64 bytes
       of text a subject (about twice what kg's graphs need): growing them copied them over
       and over (and pages never written are given no memory) */
    if (subjects > PY_SSIZE_T_MAX / 64 || room(&v->nodes, &v->cap_nodes, 0, subjects, sizeof(Node)) < 0
        || room(&v->edges, &v->cap_edges, 0, subjects, sizeof(Link)) < 0
        || room(&v->candidates, &v->cap_candidates, 0, 4 * subjects, sizeof(Candidate)) < 0
        || (!v->keep && room(&v->arena.data, &v->arena.cap, 0, 64 * subjects, 1) < 0))
        return FAILED;
    for (v->encoded_slots = 256; v->encoded_slots < (size_t)subjects / 2 && v->encoded_slots < (1 << 16);)
        v->encoded_slots *= 2;
    if (!v->keep && (v->encoded = PyMem_Calloc(v->encoded_slots, sizeof(Encoded))) == NULL) {
        PyErr_NoMemory();
        return FAILED;
    }
    do {
        for (n = 0; n < BLOCK && PyDict_Next(spo, &pos, &s[n], &po[n]); n++)
            PREFETCH(po[n]);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (!PyDict_CheckExact(po[i]))
                return UNHANDLED;
            const char *keys = (const char *)((PyDictObject *)po[i])->ma_keys;
            PREFETCH(keys);
            PREFETCH(keys + 64);
            PREFETCH(keys + 128);
            PREFETCH(keys + 192);
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            /* the types are mostly the first entry (the mapper adds them first): taken from
               there where its key is our object, else looked up */
            Py_ssize_t at = 0;
            PyObject *key;
            if (PyDict_Next(po[i], &at, &key, &sig[i]) && key == k->type_p) {
                if (!PyList_CheckExact(sig[i]))
                    return UNHANDLED;
            } else if ((sig[i] = get_list(po[i], k->type_p, &status)) == NULL && status != DONE)
                return status;
            PREFETCH(sig[i]);
        }
        for (Py_ssize_t i = 0; i < n; i++)
            if (sig[i] != NULL)
                PREFETCH(((PyListObject *)sig[i])->ob_item);
        Py_ssize_t first = v->n_nodes;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (sig[i] == NULL)
                continue;
            Py_ssize_t best = -1;
            int event = 0, member = 0;
            for (Py_ssize_t j = 0; j < PyList_GET_SIZE(sig[i]); j++) {
                PyObject *c = PyList_GET_ITEM(sig[i], j);
                if (!PyUnicode_CheckExact(c)) {
                    /* a literal or a blank node is no class and never equal to kg:Membership */
                    if (Py_TYPE(c) == k->lit || Py_TYPE(c) == k->blank)
                        continue;
                    return UNHANDLED;
                }
                ClassInfo *info = &seen[SLOT_OF(c, CLASS_SLOTS)];
                if (info->cls != c) {
                    /* a dict of str keys, a str key: compared by C */
                    PyObject *index = PyDict_GetItemWithError(k->classes, c);
                    if (index == NULL && PyErr_Occurred())
                        return FAILED;
                    info->index = index == NULL ? -1 : PyLong_AsSsize_t(index);
                    if (info->index == -1 && PyErr_Occurred())
                        return FAILED;
                    if (info->index >= PyTuple_GET_SIZE(k->kinds)) {
                        PyErr_SetString(PyExc_ValueError, "consts: a class's index is out of range");
                        return FAILED;
                    }
                    info->cls = c;
                    info->member = same_str(c, k->membership);
                }
                if (info->index == k->event)
                    event = 1;
                else if (info->index >= 0 && (best < 0 || info->index < best))
                    best = info->index;
                member |= info->member;
            }
            if (best < 0 && event)
                best = k->event;
            if (best >= 0) {
                if (!PyUnicode_CheckExact(s[i]))
                    return UNHANDLED;  /* not an IRI: ordered by str(), left to Python */
                if (add_node(v, s[i], po[i], best) < 0)
                    return FAILED;
            }
            if (member) {
                if (room(&v->members, &v->cap_members, v->n_members, 1, sizeof(PyObject *)) < 0)
                    return FAILED;
                v->members[v->n_members++] = po[i];
            }
        }
        if ((status = read_nodes(v, first)) != DONE)
            return status;
    } while (n == BLOCK);
    return DONE;
}

/* The hash table of the node ids. */
static int
index_nodes(View *v)
{
    size_t size = 16;
    while (size < 2 * (size_t)v->n_nodes)
        size <<= 1;
    v->slots = PyMem_Calloc(size, sizeof(Slot));
    if (v->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    v->mask = size - 1;
    for (Py_ssize_t i = 0; i < v->n_nodes; i++) {
        Py_hash_t h = v->nodes[i].hash;
        size_t at = (size_t)h & v->mask;
        while (v->slots[at].node != 0)
            at = (at + 1) & v->mask;
        v->slots[at].hash = h;
        v->slots[at].node = i + 1;
    }
    return 0;
}

/* *node: the node o is, or -1 where it is none; h: o's hash where o is a str. The Python
   code asks `o in types`: every node is a str here, and a literal or a blank node is never
   equal to a str; anything else is left to it (UNHANDLED). */
static int
node_of(const View *v, PyObject *o, Py_hash_t h, Py_ssize_t *node)
{
    *node = -1;
    if (!PyUnicode_CheckExact(o))
        return Py_TYPE(o) == v->k.lit || Py_TYPE(o) == v->k.blank ? DONE : UNHANDLED;
    for (size_t at = (size_t)h & v->mask; v->slots[at].node != 0; at = (at + 1) & v->mask) {
        const Slot *slot = &v->slots[at];
        if (slot->hash == h && same_str(v->nodes[slot->node - 1].id, o)) {
            *node = slot->node - 1;
            break;
        }
    }
    return DONE;
}

/* node_of for an object not read yet. */
static int
find_node(const View *v, PyObject *o, Py_ssize_t *node)
{
    Py_hash_t h = PyUnicode_CheckExact(o) ? PyObject_Hash(o) : 0;  /* a str's: kept in it */
    return h == -1 ? FAILED : node_of(v, o, h, node);
}

/* The index of `label` (a str) among the view's labels, added where new; -1 on error. */
static Py_ssize_t
label_id(View *v, PyObject *label)
{
    PyObject *found = PyDict_GetItemWithError(v->label_ids, label);
    if (found != NULL)
        return PyLong_AsSsize_t(found);
    if (PyErr_Occurred())
        return -1;
    Py_ssize_t i = PyList_GET_SIZE(v->labels);
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL || PyDict_SetItem(v->label_ids, label, index) < 0
        || PyList_Append(v->labels, label) < 0)
        i = -1;
    Py_XDECREF(index);
    return i;
}

/* d[key] = the index `i` (returned; -1 where that failed). */
static Py_ssize_t
remember(PyObject *d, PyObject *key, Py_ssize_t i)
{
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL || PyDict_SetItem(d, key, index) < 0)
        i = -1;
    Py_XDECREF(index);
    return i;
}

/* The smallest text of the literals of `values` (borrowed), NULL where there is none. */
static PyObject *
min_text(const View *v, PyObject *values, int *status)
{
    PyObject *least = NULL;
    *status = DONE;
    for (Py_ssize_t i = 0; values != NULL && i < PyList_GET_SIZE(values); i++) {
        PyObject *value = PyList_GET_ITEM(values, i);
        if (Py_TYPE(value) != v->k.lit)
            continue;
        PyObject *text = PyTuple_GET_SIZE(value) > 0 ? PyTuple_GET_ITEM(value, 0) : NULL;
        if (text == NULL || !PyUnicode_CheckExact(text)) {
            *status = UNHANDLED;
            return NULL;
        }
        if (least == NULL || compare_str(text, least) < 0)  /* min() keeps the first of equals */
            least = text;
    }
    return least;
}

/* min_text of po[prop]. */
static PyObject *
min_lexical(const View *v, PyObject *po, PyObject *prop, int *status)
{
    PyObject *values = get_list(po, prop, status);
    return *status == DONE ? min_text(v, values, status) : NULL;
}

/* graphml._title(spo, role) as a label index, "nguyên " in front where `former`: its smallest
   skos:prefLabel, else schema:name, else its local name. */
static Py_ssize_t
title_of(View *v, PyObject *spo, PyObject *role, int former, int *status)
{
    *status = UNHANDLED;
    if (!PyUnicode_CheckExact(role))
        return -1;  /* looked up in the table: Python code would compare it */
    *status = FAILED;
    PyObject *found = PyDict_GetItemWithError(v->titles[former], role);
    if (found != NULL) {
        *status = DONE;
        return PyLong_AsSsize_t(found);
    }
    if (PyErr_Occurred())
        return -1;
    PyObject *po = PyDict_GetItemWithError(spo, role), *text = NULL;
    if (po == NULL && PyErr_Occurred())
        return -1;
    if (po != NULL && !PyDict_CheckExact(po)) {
        *status = UNHANDLED;
        return -1;
    }
    *status = DONE;
    if (po != NULL)
        text = min_lexical(v, po, v->k.pref_label, status);
    if (po != NULL && *status == DONE && (text == NULL || PyUnicode_GET_LENGTH(text) == 0))
        text = min_lexical(v, po, v->k.name, status);
    if (*status != DONE)
        return -1;
    *status = FAILED;
    PyObject *title = text != NULL && PyUnicode_GET_LENGTH(text) > 0 ? Py_NewRef(text) : local_name(role);
    if (title != NULL && former)
        Py_SETREF(title, PyUnicode_Concat(FORMER_PREFIX, title));
    if (title == NULL)
        return -1;
    Py_ssize_t i = label_id(v, title);
    Py_DECREF(title);
    if (i < 0 || remember(v->titles[former], role, i) < 0)
        return -1;
    *status = DONE;
    return i;
}

/* *former: whether the membership is a former one, a kg:former literal typed xsd:boolean
   whose text, lowered, is "true" or "1". */
static int
is_former(PyObject *po, const Consts *k, int *former)
{
    int status;
    PyObject *values = get_list(po, k->former, &status);
    *former = 0;
    if (values == NULL)
        return status;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(values) && !*former; i++) {
        PyObject *v = PyList_GET_ITEM(values, i);
        if (Py_TYPE(v) != k->lit)
            continue;
        if (PyTuple_GET_SIZE(v) < 2 || !PyUnicode_CheckExact(PyTuple_GET_ITEM(v, 0))
            || !PyUnicode_CheckExact(PyTuple_GET_ITEM(v, 1)))
            return UNHANDLED;
        PyObject *text = PyTuple_GET_ITEM(v, 0);
        if (!same_str(PyTuple_GET_ITEM(v, 1), k->boolean))
            continue;
        if (PyUnicode_IS_ASCII(text)) {
            /* str.lower() of ASCII text lowers A-Z alone: compared without making it */
            const char *t = (const char *)PyUnicode_DATA(text);
            Py_ssize_t n = PyUnicode_GET_LENGTH(text);
            *former = (n == 1 && t[0] == '1')
                      || (n == 4 && (t[0] | 0x20) == 't' && (t[1] | 0x20) == 'r'
                          && (t[2] | 0x20) == 'u' && (t[3] | 0x20) == 'e');
        } else {
            PyObject *low = PyObject_CallMethodNoArgs(text, LOWER);
            if (low == NULL)
                return FAILED;
            *former = same_str(low, TRUE_TEXT) || same_str(low, ONE_TEXT);
            Py_DECREF(low);
        }
    }
    return DONE;
}

static int
add_link(Link **links, Py_ssize_t *n, Py_ssize_t *cap, Py_ssize_t a, Py_ssize_t b, Py_ssize_t label)
{
    if (room(links, cap, *n, 1, sizeof(Link)) < 0)
        return -1;
    Link *link = &(*links)[(*n)++];
    link->a = a;
    link->b = b;
    link->label = label;
    return 0;
}

/* graphml._posts: for each membership, person -> organization edges labelled by the role's
   title, or where no organization is a node, the titles as the person's roles. */
static int
posts(View *v, PyObject *spo)
{
    const Consts *k = &v->k;
    for (Py_ssize_t m = 0; m < v->n_members; m++) {
        PyObject *po = v->members[m], *roles_of, *people, *orgs;
        int former, status = is_former(po, k, &former);
        if (status != DONE)
            return status;
        if ((roles_of = get_list(po, k->role, &status)) == NULL) {
            if (status != DONE)
                return status;
            continue;  /* no role: nothing to add */
        }
        people = get_list(po, k->member, &status);
        if (status != DONE)
            return status;
        orgs = get_list(po, k->organization, &status);
        if (status != DONE)
            return status;
        Py_ssize_t n_orgs = 0, n = orgs == NULL ? 0 : PyList_GET_SIZE(orgs);
        if (room(&v->orgs, &v->cap_orgs, 0, n, sizeof(Py_ssize_t)) < 0)
            return FAILED;
        for (Py_ssize_t i = 0; i < n; i++) {
            if ((status = find_node(v, PyList_GET_ITEM(orgs, i), &v->orgs[n_orgs])) != DONE)
                return status;
            n_orgs += v->orgs[n_orgs] >= 0;
        }
        for (Py_ssize_t r = 0; r < PyList_GET_SIZE(roles_of); r++) {
            Py_ssize_t title = title_of(v, spo, PyList_GET_ITEM(roles_of, r), former, &status);
            if (status != DONE)
                return status;
            for (Py_ssize_t p = 0; people != NULL && p < PyList_GET_SIZE(people); p++) {
                Py_ssize_t person;
                if ((status = find_node(v, PyList_GET_ITEM(people, p), &person)) != DONE)
                    return status;
                if (person < 0)
                    continue;
                if (n_orgs == 0 && add_link(&v->roles, &v->n_roles, &v->cap_roles, person, 0, title) < 0)
                    return FAILED;
                for (Py_ssize_t o = 0; o < n_orgs; o++)
                    if (add_link(&v->edges, &v->n_edges, &v->cap_edges, person, v->orgs[o], title) < 0)
                        return FAILED;
            }
        }
    }
    return DONE;
}

/* The label index of predicate p's edges (its local name), -2 for rdf:type (no edges). */
static Py_ssize_t
predicate_label(View *v, PyObject *p)
{
    PyObject *found = PyDict_GetItemWithError(v->pred_labels, p);
    if (found != NULL)
        return PyLong_AsSsize_t(found);
    if (PyErr_Occurred())
        return -1;
    Py_ssize_t i = -2;
    if (!same_str(p, v->k.type_p)) {
        PyObject *name = local_name(p);
        if (name == NULL)
            return -1;
        i = label_id(v, name);
        Py_DECREF(name);
        if (i < 0)
            return -1;
    }
    return remember(v->pred_labels, p, i) == -1 ? -1 : i;
}

/* The nodes from `from` on, found in the last block of subjects (their dicts are in the
   cache), read in steps as find_nodes reads the subjects: each node's id hash; its label --
   its smallest schema:name text, where that is missing or empty its local name; with write(),
   its id and label escaped into the arena; and every `p o` but rdf:type's where o is not a
   literal, as a candidate edge (an edge where o is a node: link_nodes). */
static int
read_nodes(View *v, Py_ssize_t from)
{
    const Consts *k = &v->k;
    Py_ssize_t n_lists = 0, pos;
    PyObject *p, *objs;
    int status;
    /* step 1: every list but the types, in v->lists; fetch them */
    for (Py_ssize_t i = from; i < v->n_nodes; i++) {
        Node *node = &v->nodes[i];
        PREFETCH((const char *)node->id + 64);  /* the text, after the header */
        for (pos = 0; PyDict_Next(node->po, &pos, &p, &objs);) {
            if (p == k->type_p)
                continue;
            if (!PyUnicode_CheckExact(p) || !PyList_CheckExact(objs))
                return UNHANDLED;
            if (room(&v->lists, &v->cap_lists, n_lists, 1, sizeof(Candidate)) < 0)
                return FAILED;
            v->lists[n_lists++] = (Candidate){i, p, objs, 0};
            PREFETCH(objs);
            if (p == k->name)
                node->names = objs;
        }
    }
    /* step 2: their items; step 3: the objects */
    for (Py_ssize_t j = 0; j < n_lists; j++)
        PREFETCH(((PyListObject *)v->lists[j].o)->ob_item);
    for (Py_ssize_t j = 0; j < n_lists; j++) {
        PyObject *list = v->lists[j].o;
        for (Py_ssize_t m = 0; m < PyList_GET_SIZE(list); m++)
            PREFETCH(PyList_GET_ITEM(list, m));
    }
    /* step 4: the candidate edges, and the texts of the names fetched */
    for (Py_ssize_t j = 0; j < n_lists; j++) {
        const Candidate *list = &v->lists[j];
        Py_ssize_t n = PyList_GET_SIZE(list->o);
        if (room(&v->candidates, &v->cap_candidates, v->n_candidates, n, sizeof(Candidate)) < 0)
            return FAILED;
        for (Py_ssize_t m = 0; m < n; m++) {
            PyObject *o = PyList_GET_ITEM(list->o, m);
            /* a literal is never a node (nodes are str, checked in node_of), and most
               objects are literals */
            if (Py_TYPE(o) == k->lit) {
                if (list->p == k->name && PyTuple_GET_SIZE(o) > 0)
                    PREFETCH(PyTuple_GET_ITEM(o, 0));
                continue;
            }
            /* the hash read now, while o is in the cache: link_nodes need not read it */
            Py_hash_t h = PyUnicode_CheckExact(o) ? str_hash(o) : 0;
            if (h == -1)
                return FAILED;
            v->candidates[v->n_candidates++] = (Candidate){list->node, list->p, o, h};
        }
    }
    /* step 5: each node's hash and label */
    for (Py_ssize_t i = from; i < v->n_nodes; i++) {
        Node *node = &v->nodes[i];
        if ((node->hash = str_hash(node->id)) == -1)
            return FAILED;
        /* its names list, found in step 1 where the table has our object for the key */
        PyObject *label = node->names != NULL ? min_text(v, node->names, &status)
                                              : min_lexical(v, node->po, k->name, &status);
        if (status != DONE)
            return status;
        int named = label != NULL && PyUnicode_GET_LENGTH(label) > 0;
        if (!named && (label = local_name(node->id)) == NULL)
            return FAILED;
        if (v->keep) {
            node->label = named ? Py_NewRef(label) : label;
            continue;
        }
        node->id_at = v->arena.len;
        status = arena_put_str(&v->arena, node->id, 1);
        node->id_len = v->arena.len - node->id_at;
        v->ids_escaped |= status > 0;
        /* a name the table holds as one object for many nodes (half of them at 1M triples)
           is escaped once: the last one in each slot kept by identity (a local name is made
           here and let go of: its address could be another's later) */
        Encoded *done = named ? &v->encoded[SLOT_OF(label, v->encoded_slots)] : NULL;
        if (done != NULL && done->text == label) {
            node->label_at = done->at;
            node->label_len = done->len;
            continue;
        }
        node->label_at = v->arena.len;
        if (status >= 0)
            status = arena_put_str(&v->arena, label, 1);
        node->label_len = v->arena.len - node->label_at;
        if (!named)
            Py_DECREF(label);
        if (status < 0)
            return FAILED;
        if (done != NULL)
            *done = (Encoded){label, node->label_at, node->label_len};
    }
    return DONE;
}

#define PRED_SLOTS 512

/* The edges: each candidate `s p o` whose object is a node, labelled by the local name of p
   (graphml._columns_py: every p but rdf:type). */
static int
link_nodes(View *v)
{
    /* the few predicate objects recur in every node: their labels kept by identity */
    PyObject *pred[PRED_SLOTS];
    Py_ssize_t pred_label[PRED_SLOTS];
    memset(pred, 0, sizeof pred);
    for (Py_ssize_t j = 0; j < v->n_candidates; j++) {
        if (j + AHEAD < v->n_candidates)  /* the slots are read in no order */
            PREFETCH(&v->slots[(size_t)v->candidates[j + AHEAD].hash & v->mask]);
        const Candidate *c = &v->candidates[j];
        Py_ssize_t target;
        int status;
        if ((status = node_of(v, c->o, c->hash, &target)) != DONE)
            return status;
        if (target < 0)
            continue;
        size_t slot = SLOT_OF(c->p, PRED_SLOTS);
        if (pred[slot] != c->p) {
            if ((pred_label[slot] = predicate_label(v, c->p)) == -1)
                return FAILED;
            pred[slot] = c->p;
        }
        /* -2: rdf:type, as another object than ours */
        if (pred_label[slot] != -2
            && add_link(&v->edges, &v->n_edges, &v->cap_edges, c->node, target, pred_label[slot]) < 0)
            return FAILED;
    }
    return DONE;
}

/* ---------------------------------------------------------------- sorting */

typedef struct {
    PyObject *key;  /* a str */
    const char *bytes;  /* NULL, or its code points as bytes that memcmp orders as code points */
    Py_ssize_t len, index;
} Keyed;

static int
keyed_compare(const Keyed *a, const Keyed *b)
{
    if (a->bytes == NULL || b->bytes == NULL)
        return compare_str(a->key, b->key);
    int c = memcmp(a->bytes, b->bytes, a->len < b->len ? a->len : b->len);
    return c != 0 ? c : (a->len > b->len) - (a->len < b->len);
}

/* keyed[0..n) (distinct str) sorted in code point order: their indexes into order[], each
   index's place into rank[]; keyed is freed. A merge sort of the runs already in order,
   which a table holds (the mapper adds each article's nodes together; a parsed sorted file
   is in order): n - 1 comparisons where the whole is in order. */
static int
sort_keyed(Keyed *keyed, Py_ssize_t n, Py_ssize_t **order, Py_ssize_t **rank)
{
    Keyed *other = PyMem_New(Keyed, n > 0 ? n : 1);
    Py_ssize_t *runs = PyMem_New(Py_ssize_t, n + 2);  /* where each run starts; n at the end */
    *order = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    *rank = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    if (keyed == NULL || other == NULL || runs == NULL || *order == NULL || *rank == NULL) {
        PyMem_Free(keyed);
        PyMem_Free(other);
        PyMem_Free(runs);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n_runs = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (i == 0 || keyed_compare(&keyed[i - 1], &keyed[i]) > 0)
            runs[n_runs++] = i;
    runs[n_runs] = n;
    Keyed *from = keyed, *to = other;
    while (n_runs > 1) {  /* runs 2j and 2j + 1 merged into one, from `from` into `to` */
        Py_ssize_t merged = 0;
        for (Py_ssize_t j = 0; j < n_runs; j += 2) {
            Py_ssize_t a = runs[j], a_end = runs[j + 1], b = a_end, b_end = j + 1 < n_runs ? runs[j + 2] : a_end;
            Py_ssize_t at = a;
            while (a < a_end && b < b_end)
                to[at++] = keyed_compare(&from[b], &from[a]) < 0 ? from[b++] : from[a++];
            memcpy(to + at, from + a, (a_end - a) * sizeof *to);
            at += a_end - a;
            memcpy(to + at, from + b, (b_end - b) * sizeof *to);
            runs[merged++] = runs[j];
        }
        runs[merged] = n;
        n_runs = merged;
        Keyed *swap = from;
        from = to;
        to = swap;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        (*order)[i] = from[i].index;
        (*rank)[from[i].index] = i;
    }
    PyMem_Free(keyed);
    PyMem_Free(other);
    PyMem_Free(runs);
    return 0;
}

/* Links in order of (rank[a], b's rank, label rank); b_rank NULL: b is not compared. */
typedef struct {
    const Py_ssize_t *a_rank, *b_rank, *label_rank;
} LinkOrder;

static int
link_less(const LinkOrder *by, const Link *x, const Link *y)
{
    Py_ssize_t ax = by->a_rank[x->a], ay = by->a_rank[y->a];
    if (ax != ay)
        return ax < ay;
    if (by->b_rank != NULL) {
        Py_ssize_t bx = by->b_rank[x->b], by_ = by->b_rank[y->b];
        if (bx != by_)
            return bx < by_;
    }
    return by->label_rank[x->label] < by->label_rank[y->label];
}

/* links sorted in that order and without repeats (the Python code keeps sets); the new
   count. Bucketed by a's rank (nearly every node has a few links), each bucket sorted by
   insertion. */
static Py_ssize_t
sort_links(const LinkOrder *by, Link *links, Py_ssize_t n, Py_ssize_t n_nodes)
{
    Py_ssize_t *start = PyMem_Calloc(n_nodes + 1, sizeof(Py_ssize_t));
    Link *sorted = PyMem_New(Link, n > 0 ? n : 1);
    if (start == NULL || sorted == NULL) {
        PyMem_Free(start);
        PyMem_Free(sorted);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        start[by->a_rank[links[i].a] + 1]++;
    for (Py_ssize_t r = 0; r < n_nodes; r++)
        start[r + 1] += start[r];
    for (Py_ssize_t i = 0; i < n; i++)  /* start[r]: where bucket r's next link goes */
        sorted[start[by->a_rank[links[i].a]]++] = links[i];
    Py_ssize_t kept = 0;
    for (Py_ssize_t r = 0, from = 0; r < n_nodes; r++) {
        Py_ssize_t to = start[r];  /* bucket r: [from, to) */
        for (Py_ssize_t i = from + 1; i < to; i++) {
            Link link = sorted[i];
            Py_ssize_t j = i;
            for (; j > from && link_less(by, &link, &sorted[j - 1]); j--)
                sorted[j] = sorted[j - 1];
            sorted[j] = link;
        }
        for (Py_ssize_t i = from; i < to; i++)
            if (i == from || link_less(by, &sorted[i - 1], &sorted[i]))
                links[kept++] = sorted[i];
        from = to;
    }
    PyMem_Free(start);
    PyMem_Free(sorted);
    return kept;
}

/* The nodes in id order, the edges and roles sorted and without repeats. */
static int
sort_view(View *v)
{
    Py_ssize_t n = v->n_nodes, n_labels = PyList_GET_SIZE(v->labels), *label_order = NULL;
    Keyed *ids = PyMem_New(Keyed, n > 0 ? n : 1), *labels = PyMem_New(Keyed, n_labels > 0 ? n_labels : 1);
    /* the ids compared as bytes where that gives their order: as encoded in the arena where
       none was escaped (UTF-8 orders as code points), else where they hold a byte a code point */
    for (Py_ssize_t i = 0; ids != NULL && i < n; i++) {
        const Node *node = &v->nodes[i];
        ids[i] = (Keyed){node->id, NULL, 0, i};
        if (!v->keep && !v->ids_escaped)
            ids[i].bytes = v->arena.data + node->id_at, ids[i].len = node->id_len;
        else if (PyUnicode_KIND(node->id) == PyUnicode_1BYTE_KIND)
            ids[i].bytes = PyUnicode_DATA(node->id), ids[i].len = PyUnicode_GET_LENGTH(node->id);
    }
    for (Py_ssize_t i = 0; labels != NULL && i < n_labels; i++)
        labels[i] = (Keyed){PyList_GET_ITEM(v->labels, i), NULL, 0, i};
    int failed = sort_keyed(ids, n, &v->order, &v->rank) < 0;
    failed = sort_keyed(labels, n_labels, &label_order, &v->label_rank) < 0 || failed;
    PyMem_Free(label_order);
    if (failed)
        return -1;
    LinkOrder edges = {v->rank, v->rank, v->label_rank}, roles = {v->rank, NULL, v->label_rank};
    if ((v->n_edges = sort_links(&edges, v->edges, v->n_edges, v->n_nodes)) < 0
        || (v->n_roles = sort_links(&roles, v->roles, v->n_roles, v->n_nodes)) < 0)
        return -1;
    return 0;
}

/* The whole view of the table; DONE, FAILED or UNHANDLED. */
static int
make_view(View *v, PyObject *spo, PyObject *consts)
{
    if (parse_consts(consts, &v->k) < 0)
        return FAILED;
    adopt_predicates(v, spo);
    int status = find_nodes(v, spo);
    if (status == DONE)
        status = index_nodes(v) < 0 ? FAILED : posts(v, spo);
    if (status == DONE)
        status = link_nodes(v);
    if (status == DONE && sort_view(v) < 0)
        status = FAILED;
    return status;
}

/* ---------------------------------------------------------------- writing */

#define CHUNK (1 << 20)

/* The output being made: a bytes object filled in place, handed to out.write when it holds
   a chunk. */
typedef struct {
    PyObject *bytes, *write;  /* write: out.write */
    Py_ssize_t len, cap;
} Out;

static int
flush(Out *b)
{
    if (b->len == 0)
        return 0;
    if (_PyBytes_Resize(&b->bytes, b->len) < 0)
        return -1;
    PyObject *r = PyObject_CallOneArg(b->write, b->bytes);
    Py_CLEAR(b->bytes);
    b->len = b->cap = 0;
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

/* Room for n more bytes; the end to write them at, NULL on error. */
static char *
out_room(Out *b, Py_ssize_t n)
{
    if (n > b->cap - b->len) {
        if (n > PY_SSIZE_T_MAX / 2 - b->len) {
            PyErr_NoMemory();
            return NULL;
        }
        Py_ssize_t cap = Py_MAX(CHUNK + CHUNK / 4, (b->len + n) * 2);
        if (b->bytes == NULL)
            b->bytes = PyBytes_FromStringAndSize(NULL, cap);
        else if (_PyBytes_Resize(&b->bytes, cap) < 0)
            b->bytes = NULL;  /* _PyBytes_Resize freed it */
        if (b->bytes == NULL)
            return NULL;
        b->cap = cap;
    }
    return PyBytes_AS_STRING(b->bytes) + b->len;
}

#define COPY(o, s, n) (memcpy((o), (s), (n)), (o) += (n))
#define COPY_LITERAL(o, s) COPY((o), (s), sizeof(s) - 1)
#define NODE_HEAD "    <node id=\""
#define NODE_LABEL "\">\n      <data key=\"label\">"
#define NODE_END "</y:NodeLabel></y:ShapeNode></data>\n    </node>\n"
#define EDGE_HEAD "    <edge id=\"e"
#define EDGE_SOURCE "\" source=\""
#define EDGE_TARGET "\" target=\""

/* What write() and render() are given to write with (graphml._NATIVE_PIECES). */
typedef struct {
    PyObject *head, *tail, *kind_mid, *kind_gfx, *roles, *edge_tail;
} Pieces;

static int
parse_pieces(PyObject *pieces, Py_ssize_t n_classes, Pieces *p)
{
    if (!PyArg_ParseTuple(pieces, "SSO!O!O!O!:pieces", &p->head, &p->tail, &PyTuple_Type,
                          &p->kind_mid, &PyTuple_Type, &p->kind_gfx, &PyTuple_Type, &p->roles,
                          &PyTuple_Type, &p->edge_tail))
        return -1;
    int fine = PyTuple_GET_SIZE(p->kind_mid) == n_classes && PyTuple_GET_SIZE(p->kind_gfx) == n_classes
               && PyTuple_GET_SIZE(p->roles) == 2 && PyTuple_GET_SIZE(p->edge_tail) == 3;
    for (int t = 0; t < 4 && fine; t++) {
        PyObject *tuple = (&p->kind_mid)[t];
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple) && fine; i++)
            fine = PyBytes_CheckExact(PyTuple_GET_ITEM(tuple, i));
    }
    if (!fine) {
        PyErr_SetString(PyExc_TypeError, "pieces: bytes per class, two roles pieces, three edge pieces");
        return -1;
    }
    return 0;
}

/* Into the arena: each edge label's end of row (graphml._edge_tail). */
static int
encode_tails(View *v, const Pieces *p)
{
    Py_ssize_t n = PyList_GET_SIZE(v->labels);
    v->tail_at = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    v->tail_len = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    if (v->tail_at == NULL || v->tail_len == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Arena *a = &v->arena;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *label = PyList_GET_ITEM(v->labels, i);
        v->tail_at[i] = a->len;
        if (arena_put_bytes(a, PyTuple_GET_ITEM(p->edge_tail, 0)) < 0 || arena_put_str(a, label, 1) < 0
            || arena_put_bytes(a, PyTuple_GET_ITEM(p->edge_tail, 1)) < 0 || arena_put_str(a, label, 1) < 0
            || arena_put_bytes(a, PyTuple_GET_ITEM(p->edge_tail, 2)) < 0)
            return -1;
        v->tail_len[i] = a->len - v->tail_at[i];
    }
    return 0;
}

/* Into the arena: each person's roles row (graphml._roles_xml of its titles joined by "; "). */
static int
encode_roles(View *v, const Pieces *p)
{
    Arena *a = &v->arena;
    for (Py_ssize_t r = 0; r < v->n_roles; r++) {
        Node *node = &v->nodes[v->roles[r].a];
        int first = r == 0 || v->roles[r - 1].a != v->roles[r].a;
        int last = r == v->n_roles - 1 || v->roles[r + 1].a != v->roles[r].a;
        if (first)
            node->roles_at = a->len;
        if ((first ? arena_put_bytes(a, PyTuple_GET_ITEM(p->roles, 0)) : arena_put(a, "; ", 2)) < 0
            || arena_put_str(a, PyList_GET_ITEM(v->labels, v->roles[r].label), 1) < 0
            || (last && arena_put_bytes(a, PyTuple_GET_ITEM(p->roles, 1)) < 0))
            return -1;
        if (last)
            node->roles_len = a->len - node->roles_at;
    }
    return 0;
}

/* The file, from the view and the arena: no object of the table is used here, as out.write
   runs Python code between chunks. */
static int
write_rows(View *v, const Pieces *p, PyObject *out)
{
    Out b = {NULL, NULL, 0, 0};
    if ((b.write = PyObject_GetAttr(out, WRITE)) == NULL)
        return -1;
    const char *arena = v->arena.data;
    char *o = out_room(&b, PyBytes_GET_SIZE(p->head));
    int failed = o == NULL;
    if (!failed) {
        COPY(o, PyBytes_AS_STRING(p->head), PyBytes_GET_SIZE(p->head));
        b.len = o - PyBytes_AS_STRING(b.bytes);
    }
    for (Py_ssize_t r = 0; r < v->n_rows && !failed; r++) {
        const Node *node = &v->nodes[v->order[r]];
        PyObject *mid = PyTuple_GET_ITEM(p->kind_mid, node->cls), *gfx = PyTuple_GET_ITEM(p->kind_gfx, node->cls);
        Py_ssize_t n = sizeof NODE_HEAD + sizeof NODE_LABEL + sizeof NODE_END + node->id_len
                       + 2 * node->label_len + node->roles_len + PyBytes_GET_SIZE(mid) + PyBytes_GET_SIZE(gfx);
        if ((o = out_room(&b, n)) == NULL) {
            failed = 1;
            break;
        }
        COPY_LITERAL(o, NODE_HEAD);
        COPY(o, arena + node->id_at, node->id_len);
        COPY_LITERAL(o, NODE_LABEL);
        COPY(o, arena + node->label_at, node->label_len);
        COPY(o, PyBytes_AS_STRING(mid), PyBytes_GET_SIZE(mid));
        COPY(o, arena + node->roles_at, node->roles_len);
        COPY(o, PyBytes_AS_STRING(gfx), PyBytes_GET_SIZE(gfx));
        COPY(o, arena + node->label_at, node->label_len);
        COPY_LITERAL(o, NODE_END);
        b.len = o - PyBytes_AS_STRING(b.bytes);
        failed = b.len >= CHUNK && flush(&b) < 0;
    }
    for (Py_ssize_t e = 0; e < v->n_edges && !failed; e++) {
        const Link *edge = &v->edges[e];
        const Node *source = &v->nodes[edge->a], *target = &v->nodes[edge->b];
        Py_ssize_t n = sizeof EDGE_HEAD + 24 + sizeof EDGE_SOURCE + sizeof EDGE_TARGET + source->id_len
                       + target->id_len + v->tail_len[edge->label];
        if ((o = out_room(&b, n)) == NULL) {
            failed = 1;
            break;
        }
        COPY_LITERAL(o, EDGE_HEAD);
        char digits[24];
        int d = 0;
        for (Py_ssize_t i = e; d == 0 || i > 0; i /= 10)
            digits[sizeof digits - 1 - d++] = (char)('0' + i % 10);
        COPY(o, digits + sizeof digits - d, d);
        COPY_LITERAL(o, EDGE_SOURCE);
        COPY(o, arena + source->id_at, source->id_len);
        COPY_LITERAL(o, EDGE_TARGET);
        COPY(o, arena + target->id_at, target->id_len);
        COPY(o, arena + v->tail_at[edge->label], v->tail_len[edge->label]);
        b.len = o - PyBytes_AS_STRING(b.bytes);
        failed = b.len >= CHUNK && flush(&b) < 0;
    }
    if (!failed && (o = out_room(&b, PyBytes_GET_SIZE(p->tail))) != NULL) {
        COPY(o, PyBytes_AS_STRING(p->tail), PyBytes_GET_SIZE(p->tail));
        b.len = o - PyBytes_AS_STRING(b.bytes);
        failed = flush(&b) < 0;
    } else
        failed = 1;
    Py_XDECREF(b.bytes);
    Py_DECREF(b.write);
    return failed ? -1 : 0;
}

/* ---------------------------------------------------------------- the module's functions */

static PyObject *
write_file(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *out, *spo, *consts, *pieces;
    if (!PyArg_ParseTuple(args, "OO!O!O!:write", &out, &PyDict_Type, &spo, &PyTuple_Type, &consts,
                          &PyTuple_Type, &pieces))
        return NULL;
    View v;
    Pieces p;
    PyObject *result = NULL;
    if (view_init(&v, 0) < 0)
        goto done;
    int status = make_view(&v, spo, consts);
    if (status == UNHANDLED) {
        result = Py_NewRef(Py_False);
        goto done;
    }
    v.n_rows = v.n_nodes;
    if (status == DONE && parse_pieces(pieces, PyTuple_GET_SIZE(v.k.kinds), &p) == 0
        && encode_tails(&v, &p) == 0 && encode_roles(&v, &p) == 0 && write_rows(&v, &p, out) == 0)
        result = Py_NewRef(Py_True);
done:
    view_clear(&v);
    return result;
}

static PyObject *
columns(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *spo, *consts;
    if (!PyArg_ParseTuple(args, "O!O!:columns", &PyDict_Type, &spo, &PyTuple_Type, &consts))
        return NULL;
    View v;
    PyObject *ids = NULL, *labels = NULL, *kinds = NULL, *roles = NULL, *edges = NULL, *result = NULL;
    if (view_init(&v, 1) < 0)
        goto done;
    int status = make_view(&v, spo, consts);
    if (status != DONE) {
        if (status == UNHANDLED)
            result = Py_NewRef(Py_None);
        goto done;
    }
    Py_ssize_t n = v.n_nodes;
    ids = PyList_New(n);
    labels = PyList_New(n);
    kinds = PyList_New(n);
    roles = PyDict_New();
    edges = PyList_New(v.n_edges);
    if (!ids || !labels || !kinds || !roles || !edges)
        goto done;
    for (Py_ssize_t r = 0; r < n; r++) {
        Node *node = &v.nodes[v.order[r]];
        PyList_SET_ITEM(ids, r, Py_NewRef(node->id));
        PyList_SET_ITEM(labels, r, Py_NewRef(node->label));
        PyList_SET_ITEM(kinds, r, Py_NewRef(PyTuple_GET_ITEM(v.k.kinds, node->cls)));
    }
    for (Py_ssize_t e = 0; e < v.n_edges; e++) {
        const Link *edge = &v.edges[e];
        PyObject *row = PyTuple_Pack(3, v.nodes[edge->a].id, v.nodes[edge->b].id,
                                     PyList_GET_ITEM(v.labels, edge->label));
        if (row == NULL)
            goto done;
        PyList_SET_ITEM(edges, e, row);
    }
    /* each person's titles, sorted, joined by "; " */
    for (Py_ssize_t r = 0, to; r < v.n_roles; r = to) {
        for (to = r + 1; to < v.n_roles && v.roles[to].a == v.roles[r].a; to++)
            ;
        PyObject *titles = PyList_New(to - r), *joined = NULL;
        for (Py_ssize_t i = r; titles != NULL && i < to; i++)
            PyList_SET_ITEM(titles, i - r, Py_NewRef(PyList_GET_ITEM(v.labels, v.roles[i].label)));
        if (titles != NULL)
            joined = PyUnicode_Join(ROLE_SEPARATOR, titles);
        Py_XDECREF(titles);
        int failed = joined == NULL || PyDict_SetItem(roles, v.nodes[v.roles[r].a].id, joined) < 0;
        Py_XDECREF(joined);
        if (failed)
            goto done;
    }
    result = PyTuple_Pack(5, ids, labels, kinds, roles, edges);
done:
    Py_XDECREF(ids);
    Py_XDECREF(labels);
    Py_XDECREF(kinds);
    Py_XDECREF(roles);
    Py_XDECREF(edges);
    view_clear(&v);
    return result;
}

/* item (a str) as a node of render()'s view: an id (where `escape`) or an edge's end that is
   no id, written as it is. */
static int
render_node(View *v, PyObject *item, Py_ssize_t cls, int escape)
{
    if (!PyUnicode_Check(item)) {
        PyErr_Format(PyExc_TypeError, "render: expected a str, not %.100s", Py_TYPE(item)->tp_name);
        return -1;
    }
    if (add_node(v, item, NULL, cls) < 0)
        return -1;
    Node *node = &v->nodes[v->n_nodes - 1];
    node->id_at = v->arena.len;
    int failed = arena_put_str(&v->arena, item, escape) < 0;
    node->id_len = v->arena.len - node->id_at;
    return failed ? -1 : 0;
}

/* The node index of an edge's end (ends that are no ids are added after the rows). */
static Py_ssize_t
render_end(View *v, PyObject *index, PyObject *end)
{
    PyObject *found = PyDict_GetItemWithError(index, end);
    if (found != NULL)
        return PyLong_AsSsize_t(found);
    if (PyErr_Occurred() || render_node(v, end, 0, 0) < 0)
        return -1;
    return remember(index, end, v->n_nodes - 1);
}

static PyObject *
render(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *out, *ids, *labels, *kinds, *roles, *edges, *kind_index, *pieces;
    if (!PyArg_ParseTuple(args, "OO!O!O!O!O!O!O!:render", &out, &PyList_Type, &ids, &PyList_Type, &labels,
                          &PyList_Type, &kinds, &PyDict_Type, &roles, &PyList_Type, &edges,
                          &PyDict_Type, &kind_index, &PyTuple_Type, &pieces))
        return NULL;
    View v;
    Pieces p;
    PyObject *index = PyDict_New(), *result = NULL;  /* id -> node */
    if (view_init(&v, 0) < 0 || index == NULL
        || parse_pieces(pieces, PyDict_GET_SIZE(kind_index), &p) < 0)
        goto done;
    Py_ssize_t n = PyList_GET_SIZE(ids);
    if (PyList_GET_SIZE(labels) != n || PyList_GET_SIZE(kinds) != n) {
        PyErr_SetString(PyExc_ValueError, "render: ids, labels and kinds differ in length");
        goto done;
    }
    /* the lists are held by the call and not used after out.write first runs */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *id = PyList_GET_ITEM(ids, i), *label = PyList_GET_ITEM(labels, i);
        PyObject *cls = PyDict_GetItemWithError(kind_index, PyList_GET_ITEM(kinds, i));
        if (cls == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, PyList_GET_ITEM(kinds, i));
            goto done;
        }
        if (render_node(&v, id, PyLong_AsSsize_t(cls), 1) < 0 || remember(index, id, i) < 0)
            goto done;
        Node *node = &v.nodes[i];
        if (node->cls < 0 || node->cls >= PyTuple_GET_SIZE(p.kind_mid)) {
            PyErr_SetString(PyExc_ValueError, "render: a kind's index is out of range");
            goto done;
        }
        node->label_at = v.arena.len;
        if (!PyUnicode_Check(label)) {
            PyErr_Format(PyExc_TypeError, "render: expected a str, not %.100s", Py_TYPE(label)->tp_name);
            goto done;
        }
        if (arena_put_str(&v.arena, label, 1) < 0)
            goto done;
        node->label_len = v.arena.len - node->label_at;
        PyObject *text = PyDict_GetItemWithError(roles, id);
        if (text == NULL && PyErr_Occurred())
            goto done;
        if (text != NULL) {
            node = &v.nodes[i];
            node->roles_at = v.arena.len;
            if (!PyUnicode_Check(text)) {
                PyErr_Format(PyExc_TypeError, "render: expected a str, not %.100s", Py_TYPE(text)->tp_name);
                goto done;
            }
            if (arena_put_bytes(&v.arena, PyTuple_GET_ITEM(p.roles, 0)) < 0 || arena_put_str(&v.arena, text, 1) < 0
                || arena_put_bytes(&v.arena, PyTuple_GET_ITEM(p.roles, 1)) < 0)
                goto done;
            node->roles_len = v.arena.len - node->roles_at;
        }
    }
    v.n_rows = n;
    for (Py_ssize_t e = 0; e < PyList_GET_SIZE(edges); e++) {
        PyObject *edge = PyList_GET_ITEM(edges, e);
        if (!PyTuple_Check(edge) || PyTuple_GET_SIZE(edge) != 3 || !PyUnicode_Check(PyTuple_GET_ITEM(edge, 2))) {
            PyErr_SetString(PyExc_TypeError, "render: an edge must be a (source, target, label) tuple of str");
            goto done;
        }
        Py_ssize_t a = render_end(&v, index, PyTuple_GET_ITEM(edge, 0));
        Py_ssize_t b = a < 0 ? -1 : render_end(&v, index, PyTuple_GET_ITEM(edge, 1));
        Py_ssize_t label = b < 0 ? -1 : label_id(&v, PyTuple_GET_ITEM(edge, 2));
        if (label < 0 || add_link(&v.edges, &v.n_edges, &v.cap_edges, a, b, label) < 0)
            goto done;
    }
    v.order = PyMem_New(Py_ssize_t, n > 0 ? n : 1);
    if (v.order == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        v.order[i] = i;
    if (encode_tails(&v, &p) == 0 && write_rows(&v, &p, out) == 0)
        result = Py_NewRef(Py_None);
done:
    Py_XDECREF(index);
    view_clear(&v);
    return result;
}

static PyMethodDef methods[] = {
    {"write", write_file, METH_VARARGS,
     "write(out, spo, consts, pieces) -> bool: the GraphML of the table whose index is spo, written\n"
     "to out in chunks of about 1 MB; False, nothing written, where it leaves the table to Python."},
    {"columns", columns, METH_VARARGS,
     "columns(spo, consts) -> (ids, labels, kinds, roles, edges) or None:\n"
     "graphml._columns_py from the table's index; None where it leaves the table to Python."},
    {"render", render, METH_VARARGS,
     "render(out, ids, labels, kinds, roles, edges, kind_index, pieces):\n"
     "write graphml._render's text for the columns to out, UTF-8, in chunks of about 1 MB."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_graphml",
    "The GraphML writer in C (kg.export.graphml is the reference).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__graphml(void)
{
    init_escapes();
    if (TRUE_TEXT == NULL) {
        TRUE_TEXT = PyUnicode_InternFromString("true");
        ONE_TEXT = PyUnicode_InternFromString("1");
        FORMER_PREFIX = PyUnicode_FromString("nguy\xc3\xaan ");
        ROLE_SEPARATOR = PyUnicode_FromString("; ");
        LOWER = PyUnicode_InternFromString("lower");
        WRITE = PyUnicode_InternFromString("write");
        if (!TRUE_TEXT || !ONE_TEXT || !FORMER_PREFIX || !ROLE_SEPARATOR || !LOWER || !WRITE)
            return NULL;
    }
    return PyModule_Create(&module);
}
