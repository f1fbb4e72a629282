/* kg.export._graphml: the GraphML writer's two loops over every node and edge, in C.

   columns(spo, consts, title, local) computes graphml._columns_py(table) from the table's
   index (spo: subject -> predicate -> list of objects): node ids sorted, their labels and
   types, person -> set of role titles (the caller joins them), the sorted edges. It returns
   None where the table has something it leaves to the Python code: a node that is not an
   IRI (a blank node or a literal: their order is by str(), with ties) or anything that is not
   a dict or a list where the table keeps one. The few strings made once per predicate,
   class or role (local names, role titles) come from the Python functions given, which
   read the table and must not change it (the table's objects are used without a reference
   of their own where no other Python code can run).

   render(out, ids, labels, kinds, roles, kind_mid, kind_gfx, edges, tails, head, tail) writes
   the text graphml._render yields for those columns, UTF-8, in chunks of about 1 MB
   (out.write(bytes)). The pieces made once per type, role text and edge label come already
   encoded from the caller (graphml.py makes them with the same functions _render uses);
   ids and labels are escaped here as graphml._text escapes them, edge ends as _render
   writes them.

   Both are checked byte for byte against the Python code (tests/test_export_native_graphml.py).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---------------------------------------------------------------- columns */

typedef struct {
    PyTypeObject *lit;
    PyObject *type_p, *classes, *event, *membership, *former, *boolean;
    PyObject *organization, *member, *role, *name;
} Consts;

static PyObject *TRUE_TEXT, *ONE_TEXT, *FORMER_PREFIX, *LOWER, *WRITE;

enum { DONE = 0, FAILED = -1, UNHANDLED = 1 };

/* a == b as Python has it, without a call for the common case: the same object or two str
   (equal str have the same kind and code units). */
static int
equal(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    if (PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(a);
        return n == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b)
               && memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), n * PyUnicode_KIND(a)) == 0;
    }
    return PyObject_RichCompareBool(a, b, Py_EQ);
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
    return found;
}

/* The cached value of fn(key), a new reference. */
static PyObject *
cached_call(PyObject *cache, PyObject *fn, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(cache, key);
    if (value != NULL) {
        Py_INCREF(value);
        return value;
    }
    if (PyErr_Occurred())
        return NULL;
    value = PyObject_CallOneArg(fn, key);
    if (value != NULL && PyDict_SetItem(cache, key, value) < 0)
        Py_CLEAR(value);
    return value;
}

/* The local names of predicates and classes (local(x), from the Python function): kept in
   a dict, and the last ones looked up also by identity, since the same few objects recur
   for every node. Python code runs only in `local` (on a dict miss): the identity slots are
   emptied then, as it could free the objects they are keyed by. */
#define LOCAL_SLOTS 64

typedef struct {
    PyObject *dict, *fn;
    PyObject *key[LOCAL_SLOTS], *value[LOCAL_SLOTS];  /* borrowed; value held by dict */
} Locals;

/* local(key), borrowed (the dict holds it). */
static PyObject *
local_name(Locals *cache, PyObject *key)
{
    size_t slot = ((uintptr_t)key >> 4) % LOCAL_SLOTS;
    if (cache->key[slot] == key)
        return cache->value[slot];
    Py_ssize_t size = PyDict_GET_SIZE(cache->dict);
    PyObject *value = cached_call(cache->dict, cache->fn, key);
    if (value == NULL)
        return NULL;
    Py_DECREF(value);  /* the dict holds it */
    if (PyDict_GET_SIZE(cache->dict) != size)  /* `local` ran */
        memset(cache->key, 0, sizeof cache->key);
    cache->key[slot] = key;
    cache->value[slot] = value;
    return value;
}

/* What a class in a type list says: a node class, kg:Event, kg:Membership. */
typedef struct {
    PyObject *cls;  /* borrowed, a str; NULL: an empty slot */
    char node, event, member;
} ClassInfo;

#define CLASS_SLOTS 64

/* Each subject's node class into `types` (subject -> class; none where the subject is not a
   node) and the predicate -> objects dicts of the memberships (subjects typed
   kg:Membership) in table order, as the Python
   code's choice per type list: the smallest node class other than kg:Event, kg:Event alone.
   `nodes_po` gets each node's predicate -> objects dict, in the order of `types`. */
static int
node_types(PyObject *spo, const Consts *k, PyObject *types, PyObject *nodes_po, PyObject *memberships)
{
    /* the few class objects recur in every type list: what each says is kept by identity
       (no Python code runs here while one is kept, so none can be freed and replaced) */
    ClassInfo seen[CLASS_SLOTS];
    memset(seen, 0, sizeof seen);
    Py_ssize_t pos = 0;
    PyObject *s, *po;
    while (PyDict_Next(spo, &pos, &s, &po)) {
        if (!PyDict_CheckExact(po))
            return UNHANDLED;
        int status;
        PyObject *sig = get_list(po, k->type_p, &status);
        if (sig == NULL) {
            if (status != DONE)
                return status;
            continue;
        }
        PyObject *best = NULL, *event = NULL;
        int member = 0;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(sig); i++) {
            PyObject *c = PyList_GET_ITEM(sig, i);
            if (!PyUnicode_CheckExact(c)) {
                /* not a class; `MEMBERSHIP in sig` compares it all the same, maybe by
                   Python code (a Blank's __eq__): the kept classes are forgotten */
                memset(seen, 0, sizeof seen);
                if (!member) {
                    Py_INCREF(c);
                    member = equal(c, k->membership);
                    Py_DECREF(c);
                    if (member < 0)
                        return FAILED;
                }
                continue;
            }
            ClassInfo *info = &seen[((uintptr_t)c >> 4) % CLASS_SLOTS];
            if (info->cls != c) {
                int node = PySet_Contains(k->classes, c);
                if (node < 0)
                    return FAILED;
                info->cls = c;
                info->node = (char)node;
                info->event = node && equal(c, k->event);
                info->member = (char)equal(c, k->membership);  /* two str: cannot fail */
            }
            if (info->node) {
                if (info->event)
                    event = c;
                else if (best == NULL || PyUnicode_Compare(c, best) < 0)
                    best = c;
            }
            member |= info->member;
        }
        PyObject *choice = best != NULL ? best : event;
        if (choice != NULL) {
            if (!PyUnicode_CheckExact(s))
                return UNHANDLED;  /* not an IRI: ordered by str(), left to Python */
            if (PyDict_SetItem(types, s, choice) < 0 || PyList_Append(nodes_po, po) < 0)
                return FAILED;
        }
        if (member && PyList_Append(memberships, po) < 0)
            return FAILED;
    }
    return DONE;
}

/* The objects of po[key] that are nodes, as a new list (empty where po has no key). */
static PyObject *
nodes_of(PyObject *po, PyObject *key, PyObject *types, int *status)
{
    PyObject *found = PyList_New(0);
    if (found == NULL) {
        *status = FAILED;
        return NULL;
    }
    PyObject *objs = get_list(po, key, status);
    if (objs == NULL) {
        if (*status == DONE)
            return found;
        Py_DECREF(found);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(objs); i++) {
        PyObject *o = PyList_GET_ITEM(objs, i);
        Py_INCREF(o);
        int in = PyDict_Contains(types, o);
        if (in > 0)
            in = PyList_Append(found, o) < 0 ? -1 : 1;
        Py_DECREF(o);
        if (in < 0) {
            Py_DECREF(found);
            *status = FAILED;
            return NULL;
        }
    }
    *status = DONE;
    return found;
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
        if (PyTuple_GET_SIZE(v) < 2)
            return UNHANDLED;
        Py_INCREF(v);
        int yes = PyObject_RichCompareBool(PyTuple_GET_ITEM(v, 1), k->boolean, Py_EQ);
        PyObject *text = PyTuple_GET_ITEM(v, 0);
        if (yes > 0 && PyUnicode_CheckExact(text) && PyUnicode_IS_ASCII(text)) {
            /* str.lower() of ASCII text lowers A-Z alone: compared without making it */
            const char *t = (const char *)PyUnicode_DATA(text);
            Py_ssize_t n = PyUnicode_GET_LENGTH(text);
            yes = (n == 1 && t[0] == '1')
                  || (n == 4 && (t[0] | 0x20) == 't' && (t[1] | 0x20) == 'r'
                      && (t[2] | 0x20) == 'u' && (t[3] | 0x20) == 'e');
        } else if (yes > 0) {
            PyObject *low = PyObject_CallMethodNoArgs(PyTuple_GET_ITEM(v, 0), LOWER);
            yes = low == NULL ? -1 : PyObject_RichCompareBool(TRUE_TEXT, low, Py_EQ);
            if (yes == 0)
                yes = PyObject_RichCompareBool(ONE_TEXT, low, Py_EQ);
            Py_XDECREF(low);
        }
        Py_DECREF(v);
        if (yes < 0)
            return FAILED;
        *former = yes;
    }
    return DONE;
}

/* Appends `item` to the list at d[key], made where missing. */
static int
append_at(PyObject *d, PyObject *key, PyObject *item)
{
    PyObject *list = PyDict_GetItemWithError(d, key);
    if (list == NULL) {
        if (PyErr_Occurred())
            return -1;
        list = PyList_New(0);
        if (list == NULL)
            return -1;
        int failed = PyDict_SetItem(d, key, list);
        Py_DECREF(list);
        if (failed)
            return -1;
    }
    return PyList_Append(list, item);
}

/* The posts of one membership (po): person -> organization edges labelled by the role's
   title into by_source (str(person) -> list of edges), or where no organization is known,
   the titles into roles (person -> set). */
static int
membership_posts(PyObject *po, const Consts *k, PyObject *types, PyObject *titles,
                 PyObject *title_fn, PyObject *roles, PyObject *by_source)
{
    int former, status = is_former(po, k, &former);
    if (status != DONE)
        return status;
    PyObject *roles_of = get_list(po, k->role, &status);
    if (roles_of == NULL)
        return status;  /* no role: nothing to add */
    PyObject *orgs = nodes_of(po, k->organization, types, &status);
    if (orgs == NULL)
        return status;
    PyObject *people = nodes_of(po, k->member, types, &status);
    if (people == NULL) {
        Py_DECREF(orgs);
        return status;
    }
    status = FAILED;
    Py_INCREF(roles_of);
    for (Py_ssize_t r = 0; r < PyList_GET_SIZE(roles_of); r++) {
        PyObject *title = cached_call(titles, title_fn, PyList_GET_ITEM(roles_of, r));
        if (title != NULL && former)
            Py_SETREF(title, PyUnicode_Concat(FORMER_PREFIX, title));
        if (title == NULL)
            goto done;
        for (Py_ssize_t p = 0; p < PyList_GET_SIZE(people) && title != NULL; p++) {
            PyObject *person = PyList_GET_ITEM(people, p);
            if (PyList_GET_SIZE(orgs) == 0) {
                PyObject *found = PyDict_GetItemWithError(roles, person);
                if (found == NULL && !PyErr_Occurred() && (found = PySet_New(NULL)) != NULL) {
                    if (PyDict_SetItem(roles, person, found) < 0)
                        Py_CLEAR(found);
                    else
                        Py_DECREF(found);  /* roles holds it */
                }
                if (found == NULL || PySet_Add(found, title) < 0)
                    Py_CLEAR(title);
            }
            for (Py_ssize_t o = 0; o < PyList_GET_SIZE(orgs) && title != NULL; o++) {
                PyObject *source = PyObject_Str(person);
                PyObject *target = source ? PyObject_Str(PyList_GET_ITEM(orgs, o)) : NULL;
                PyObject *edge = target ? PyTuple_Pack(3, source, target, title) : NULL;
                if (edge == NULL || append_at(by_source, source, edge) < 0)
                    Py_CLEAR(title);
                Py_XDECREF(source);
                Py_XDECREF(target);
                Py_XDECREF(edge);
            }
        }
        if (title == NULL)
            goto done;
        Py_DECREF(title);
    }
    status = DONE;
done:
    Py_DECREF(roles_of);
    Py_DECREF(orgs);
    Py_DECREF(people);
    return status;
}

/* graphml._posts over every membership (their predicate -> objects dicts). */
static int
posts(const Consts *k, PyObject *types, PyObject *memberships, PyObject *title_fn,
      PyObject *roles, PyObject *by_source)
{
    PyObject *titles = PyDict_New();  /* role -> title, as _posts keeps them */
    if (titles == NULL)
        return FAILED;
    int status = DONE;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(memberships) && status == DONE; i++)
        status = membership_posts(PyList_GET_ITEM(memberships, i), k, types, titles, title_fn,
                                  roles, by_source);
    Py_DECREF(titles);
    return status;
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

/* Edge a < edge b, as tuples compare (1, 0, -1 on error): item by item where they are str,
   else by Python's tuple comparison. */
static int
edge_less(PyObject *a, PyObject *b)
{
    for (int i = 0; i < 3; i++) {
        PyObject *x = PyTuple_GET_ITEM(a, i), *y = PyTuple_GET_ITEM(b, i);
        if (!PyUnicode_CheckExact(x) || !PyUnicode_CheckExact(y))
            return PyObject_RichCompareBool(a, b, Py_LT);
        int c = compare_str(x, y);
        if (c != 0)
            return c < 0;
    }
    return 0;
}

static int
edge_equal(PyObject *a, PyObject *b)
{
    for (int i = 0; i < 3; i++) {
        PyObject *x = PyTuple_GET_ITEM(a, i), *y = PyTuple_GET_ITEM(b, i);
        if (!PyUnicode_CheckExact(x) || !PyUnicode_CheckExact(y))
            return PyObject_RichCompareBool(a, b, Py_EQ);
        if (!equal(x, y))
            return 0;
    }
    return 1;
}

/* Node s's edges, sorted, without repeats, as a new list in *found (left NULL where it has
   none: most nodes): its posts (from by_source) and (s, o, local name of p) for every o of
   every p but rdf:type that is a node. */
static int
node_edges(PyObject *s, PyObject *po, const Consts *k, PyObject *types, PyObject *by_source,
           Locals *locals, PyObject **found)
{
    PyObject *posts_of = PyDict_GetItemWithError(by_source, s);
    if (posts_of != NULL)
        posts_of = PyList_GetSlice(posts_of, 0, PyList_GET_SIZE(posts_of));
    if (posts_of == NULL && PyErr_Occurred())
        return FAILED;
    PyObject *edges = *found = posts_of;
    Py_ssize_t pos = 0;
    PyObject *p, *objs;
    while (PyDict_Next(po, &pos, &p, &objs)) {
        int same = equal(p, k->type_p);
        if (same)
            continue;
        if (same < 0)
            return FAILED;
        if (!PyList_CheckExact(objs))
            return UNHANDLED;
        PyObject *label = NULL;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(objs); i++) {
            PyObject *o = PyList_GET_ITEM(objs, i);
            /* a literal is never a node here (every node is a str), and hashing one reads
               its three strings: a fifth of the time of the view at 1M triples */
            if (Py_TYPE(o) == k->lit)
                continue;
            /* a str is compared with the str keys by C alone: no Python code can run and
               let go of it, so it needs no reference (whose count would be one more write
               to each of 400k objects at 1M triples) */
            int held = !PyUnicode_CheckExact(o);
            if (held)
                Py_INCREF(o);
            int in = PyDict_Contains(types, o);
            if (in > 0 && !held) {  /* a node: Python code may run now (local) */
                Py_INCREF(o);
                held = 1;
            }
            if (in > 0 && label == NULL && (label = Py_XNewRef(local_name(locals, p))) == NULL)
                in = -1;
            if (in > 0 && edges == NULL && (edges = *found = PyList_New(0)) == NULL)
                in = -1;
            if (in > 0) {
                PyObject *edge = PyTuple_Pack(3, s, o, label);
                in = edge == NULL || PyList_Append(edges, edge) < 0 ? -1 : 1;
                Py_XDECREF(edge);
            }
            if (held)
                Py_DECREF(o);
            if (in < 0) {
                Py_XDECREF(label);
                return FAILED;
            }
        }
        Py_XDECREF(label);
    }
    Py_ssize_t n = edges == NULL ? 0 : PyList_GET_SIZE(edges);
    if (n < 2)  /* most nodes: nothing to sort */
        return DONE;
    if (n > 16) {
        if (PyList_Sort(edges) < 0)
            return FAILED;
    } else {
        /* a few edges (nearly every node): sorted in place, the list being ours alone,
           without list.sort's setup, which cost more than the sorting */
        PyObject **item = ((PyListObject *)edges)->ob_item;
        for (Py_ssize_t i = 1; i < n; i++) {
            PyObject *edge = item[i];
            Py_ssize_t j = i;
            for (; j > 0; j--) {
                int less = edge_less(edge, item[j - 1]);
                if (less < 0)
                    return FAILED;
                if (!less)
                    break;
                item[j] = item[j - 1];
            }
            item[j] = edge;
        }
    }
    /* sorted: a repeat follows its twin (the Python code keeps a set); dropped, from the end */
    for (Py_ssize_t i = n - 1; i > 0; i--) {
        int same = edge_equal(PyList_GET_ITEM(edges, i - 1), PyList_GET_ITEM(edges, i));
        if (same < 0 || (same && PyList_SetSlice(edges, i, i + 1, NULL) < 0))
            return FAILED;
    }
    return DONE;
}

/* The node's label, a new reference: its one schema:name literal's text, else the smallest
   such text, and where that is missing or empty the local name of the node. */
static PyObject *
node_label(PyObject *s, PyObject *po, const Consts *k, PyObject *local_fn, int *status)
{
    PyObject *names = get_list(po, k->name, status);
    PyObject *label = NULL;
    if (names == NULL && *status != DONE)
        return NULL;
    Py_ssize_t n = names == NULL ? 0 : PyList_GET_SIZE(names);
    *status = FAILED;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyList_GET_ITEM(names, i);
        if (Py_TYPE(v) != k->lit)
            continue;
        if (PyTuple_GET_SIZE(v) < 1) {
            *status = UNHANDLED;
            Py_XDECREF(label);
            return NULL;
        }
        PyObject *text = PyTuple_GET_ITEM(v, 0);
        int less = 1;
        if (label != NULL && (less = PyObject_RichCompareBool(text, label, Py_LT)) < 0) {
            Py_DECREF(label);
            return NULL;
        }
        if (less) {  /* min() keeps the first of equal values */
            Py_INCREF(text);
            Py_XSETREF(label, text);
        }
    }
    int truth = label == NULL ? 0 : PyObject_IsTrue(label);
    if (truth < 0) {
        Py_DECREF(label);
        return NULL;
    }
    if (!truth)
        Py_XSETREF(label, PyObject_CallOneArg(local_fn, s));
    *status = label == NULL ? FAILED : DONE;
    return label;
}

#define ADOPTED 6

/* The table's own str objects for the predicates looked up in every subject, where they
   are other objects than ours: a dict lookup then matches by identity, without comparing
   40-odd characters (the mapper makes each IRI once, so every subject shares them). Looked
   for among the first subjects' predicates; new references put in `owned`. */
static void
adopt_predicates(PyObject *spo, Consts *k, PyObject *owned[ADOPTED])
{
    PyObject **wanted[ADOPTED] = {&k->type_p, &k->name, &k->former, &k->organization,
                                  &k->member, &k->role};
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
            for (int i = 0; i < ADOPTED; i++)
                if (owned[i] == NULL && *wanted[i] != p && PyUnicode_CheckExact(*wanted[i])
                    && equal(p, *wanted[i]))
                    *wanted[i] = owned[i] = Py_NewRef(p);
        }
    }
}

/* A node (its id) and where its label, type and edges are. */
typedef struct {
    PyObject *key;
    Py_ssize_t index;
} Keyed;

/* The ids' order, as sorted() has it: code point by code point (every id is a str). */
static int
by_key(const void *a, const void *b)
{
    return compare_str(((const Keyed *)a)->key, ((const Keyed *)b)->key);
}

/* The result of columns(): ids, labels, kinds in the order of `order`, the edges of each
   node in turn (`n_edges` in all), and roles. The labels, kinds and edges are moved out of
   their lists, not copied: a copy's reference counts touch every object once more, and the
   table's strings are seldom still in the cache. */
static PyObject *
sorted_columns(const Keyed *order, Py_ssize_t n, PyObject *labels, PyObject *kinds,
               PyObject *edges, Py_ssize_t n_edges, PyObject *roles)
{
    PyObject *ids_out = PyList_New(n), *labels_out = PyList_New(n), *kinds_out = PyList_New(n);
    PyObject *edges_out = PyList_New(n_edges), *result = NULL;
    if (!ids_out || !labels_out || !kinds_out || !edges_out)
        goto done;
    Py_ssize_t e = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t at = order[i].index;
        PyList_SET_ITEM(ids_out, i, Py_NewRef(order[i].key));
        PyList_SET_ITEM(labels_out, i, PyList_GET_ITEM(labels, at));
        PyList_SET_ITEM(labels, at, NULL);
        PyList_SET_ITEM(kinds_out, i, PyList_GET_ITEM(kinds, at));
        PyList_SET_ITEM(kinds, at, NULL);
        PyObject *mine = PyList_GET_ITEM(edges, at);
        for (Py_ssize_t j = 0; mine != NULL && j < PyList_GET_SIZE(mine) && e < n_edges; j++) {
            PyList_SET_ITEM(edges_out, e++, PyList_GET_ITEM(mine, j));
            PyList_SET_ITEM(mine, j, NULL);
        }
    }
    if (e == n_edges)
        result = PyTuple_Pack(5, ids_out, labels_out, kinds_out, roles, edges_out);
    else
        PyErr_SetString(PyExc_SystemError, "columns: edges miscounted");
done:
    Py_XDECREF(ids_out);
    Py_XDECREF(labels_out);
    Py_XDECREF(kinds_out);
    Py_XDECREF(edges_out);
    return result;
}

static PyObject *
columns(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *spo, *consts, *title_fn, *local_fn;
    Consts k;
    if (!PyArg_ParseTuple(args, "O!O!OO:columns", &PyDict_Type, &spo, &PyTuple_Type, &consts,
                          &title_fn, &local_fn))
        return NULL;
    PyObject *lit;
    if (!PyArg_ParseTuple(consts, "O!OO!OOOOOOOO:consts", &PyType_Type, &lit, &k.type_p,
                          &PySet_Type, &k.classes, &k.event, &k.membership, &k.former,
                          &k.boolean, &k.organization, &k.member, &k.role, &k.name))
        return NULL;
    k.lit = (PyTypeObject *)lit;
    if (!PyType_IsSubtype(k.lit, &PyTuple_Type) || !PyUnicode_CheckExact(k.event)) {
        PyErr_SetString(PyExc_TypeError, "columns: the literal type must be a tuple, the event class a str");
        return NULL;
    }
    PyObject *owned[ADOPTED] = {NULL};
    adopt_predicates(spo, &k, owned);
    PyObject *types = PyDict_New(), *nodes_po = PyList_New(0), *memberships = PyList_New(0);
    PyObject *roles = PyDict_New(), *by_source = PyDict_New();
    Locals locals;
    memset(&locals, 0, sizeof locals);
    locals.dict = PyDict_New();
    locals.fn = local_fn;
    PyObject *labels = NULL, *kinds = NULL, *edges = NULL, *result = NULL;
    Keyed *order = NULL;
    int status = FAILED;
    if (!types || !nodes_po || !memberships || !roles || !by_source || !locals.dict)
        goto done;
    if ((status = node_types(spo, &k, types, nodes_po, memberships)) != DONE)
        goto done;
    if ((status = posts(&k, types, memberships, title_fn, roles, by_source)) != DONE)
        goto done;
    /* Each node's label, type and edges, in table order, which is about the order the
       table's objects lie in memory: in the order of the ids, each node's reading of the
       table missed the cache and took twice the time. */
    status = FAILED;
    Py_ssize_t n = PyDict_GET_SIZE(types);
    labels = PyList_New(n);
    kinds = PyList_New(n);
    edges = PyList_New(n);
    order = PyMem_New(Keyed, n);
    if (!labels || !kinds || !edges || (order == NULL && n > 0)) {
        if (order == NULL)
            PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t pos = 0, i = 0, n_edges = 0;
    PyObject *s, *kind;
    while (PyDict_Next(types, &pos, &s, &kind) && i < n) {
        PyObject *po = PyList_GET_ITEM(nodes_po, i);
        /* the list's item i stays NULL where the node has no edge: edges is never seen by
           Python code, and the list's dealloc takes NULL items */
        PyObject **mine = ((PyListObject *)edges)->ob_item + i;
        status = node_edges(s, po, &k, types, by_source, &locals, mine);
        PyObject *label = status == DONE ? node_label(s, po, &k, local_fn, &status) : NULL;
        if (label == NULL)
            goto done;
        /* done with po: let go of it now, while it is in the cache */
        PyList_SET_ITEM(nodes_po, i, NULL);
        Py_DECREF(po);
        n_edges += *mine == NULL ? 0 : PyList_GET_SIZE(*mine);
        PyList_SET_ITEM(labels, i, label);
        status = FAILED;
        if ((kind = Py_XNewRef(local_name(&locals, kind))) == NULL)
            goto done;
        PyList_SET_ITEM(kinds, i, kind);
        order[i].key = s;
        order[i].index = i;
        i++;
    }
    if (n > 1)
        qsort(order, n, sizeof *order, by_key);
    result = sorted_columns(order, n, labels, kinds, edges, n_edges, roles);
done:
    if (status == UNHANDLED && result == NULL && !PyErr_Occurred())
        result = Py_NewRef(Py_None);
    PyMem_Free(order);
    for (int j = 0; j < ADOPTED; j++)
        Py_XDECREF(owned[j]);
    Py_XDECREF(types);
    Py_XDECREF(nodes_po);
    Py_XDECREF(memberships);
    Py_XDECREF(roles);
    Py_XDECREF(by_source);
    Py_XDECREF(locals.dict);
    Py_XDECREF(labels);
    Py_XDECREF(kinds);
    Py_XDECREF(edges);
    return result;
}

/* ---------------------------------------------------------------- render */

#define CHUNK (1 << 20)
#define TAIL_SLOTS 64

/* The output being made: a bytes object filled in place (no copy of the file's 50 MB into
   bytes objects), handed to out.write when it holds a chunk; and the pieces last looked up
   by type and by edge label, by identity (the same few objects recur). No Python code runs
   but in out.write, between rows: the lookups are forgotten there, since it could free the
   objects they are keyed by. */
typedef struct {
    PyObject *bytes;
    Py_ssize_t len, cap;
    PyObject *write;  /* out.write */
    PyObject *kind, *mid, *gfx;  /* borrowed: the last type, its two pieces */
    PyObject *label[TAIL_SLOTS], *tail[TAIL_SLOTS];  /* borrowed: edge label -> tail */
} Buf;

static void
forget(Buf *b)
{
    b->kind = NULL;
    memset(b->label, 0, sizeof b->label);
}

static int
flush(Buf *b)
{
    forget(b);
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

static int
row_done(Buf *b)
{
    return b->len >= CHUNK ? flush(b) : 0;
}

/* Room for n more bytes. */
static int
reserve(Buf *b, Py_ssize_t n)
{
    if (n <= b->cap - b->len)
        return 0;
    if (n > PY_SSIZE_T_MAX / 2 - b->len) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t cap = Py_MAX(CHUNK + CHUNK / 4, (b->len + n) * 2);
    if (b->bytes == NULL)
        b->bytes = PyBytes_FromStringAndSize(NULL, cap);
    else if (_PyBytes_Resize(&b->bytes, cap) < 0)
        b->bytes = NULL;  /* _PyBytes_Resize freed it */
    if (b->bytes == NULL)
        return -1;
    b->cap = cap;
    return 0;
}

static inline char *
end(Buf *b)
{
    return PyBytes_AS_STRING(b->bytes) + b->len;
}

static int
put(Buf *b, const char *s, Py_ssize_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    memcpy(end(b), s, n);
    b->len += n;
    return 0;
}

#define PUT_LITERAL(b, s) put((b), (s), (Py_ssize_t)sizeof(s) - 1)

static int
put_bytes(Buf *b, PyObject *bytes)
{
    if (!PyBytes_Check(bytes)) {
        PyErr_Format(PyExc_TypeError, "render: a piece must be bytes, not %.100s",
                     Py_TYPE(bytes)->tp_name);
        return -1;
    }
    return put(b, PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes));
}

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

/* Whether ASCII text holds a character to escape, 8 bytes at a time (ids are 50-70 bytes
   and the file holds each two or three times): bytes below 0x20, or equal to & < > ". */
static int
ascii_needs_escape(const unsigned char *s, Py_ssize_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    Py_ssize_t i = 0;
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

/* One character as UTF-8 at *o, escaped as graphml._text does where `escape` (*escaped
   set where it was); -1 for a lone surrogate, which UTF-8 cannot hold. */
static inline int
put_char(unsigned char **out, Py_UCS4 c, int escape, int *escaped)
{
    unsigned char *o = *out;
    if (c < 0x80) {
        const char *e = escape ? ASCII_ESCAPE[c] : NULL;
        if (e == NULL)
            *o++ = (unsigned char)c;
        else {
            size_t len = strlen(e);
            memcpy(o, e, len);
            o += len;
            *escaped = 1;
        }
    } else if (c < 0x800) {
        *o++ = (unsigned char)(0xC0 | (c >> 6));
        *o++ = (unsigned char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        if (c >= 0xD800 && c <= 0xDFFF)
            return -1;
        if (escape && (c == 0xFFFE || c == 0xFFFF)) {
            c = 0xFFFD;
            *escaped = 1;
        }
        *o++ = (unsigned char)(0xE0 | (c >> 12));
        *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (c & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (c >> 18));
        *o++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (c & 0x3F));
    }
    *out = o;
    return 0;
}

static int
surrogate_error(PyObject *value, Py_ssize_t i)
{
    PyObject *exc = PyObject_CallFunction(PyExc_UnicodeEncodeError, "sOnns", "utf-8", value,
                                          i, i + 1, "surrogates not allowed");
    if (exc != NULL) {
        PyErr_SetObject(PyExc_UnicodeEncodeError, exc);
        Py_DECREF(exc);
    }
    return -1;
}

/* value encoded as UTF-8; where `escape`, graphml._text(value): & < > " as entities, the
   characters XML 1.0 forbids (controls, U+FFFE, U+FFFF) as U+FFFD. Sets *escaped where the
   text needed it. A lone surrogate raises UnicodeEncodeError, as the Python path's
   str.encode does. */
static int
put_str(Buf *b, PyObject *value, int escape, int *escaped)
{
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "render: expected a str, not %.100s",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    if (PyUnicode_IS_ASCII(value) && !(escape && ascii_needs_escape(data, n)))  /* nearly every id */
        return put(b, data, n);
    if (n > PY_SSIZE_T_MAX / 6) {
        PyErr_NoMemory();
        return -1;
    }
    if (reserve(b, 6 * n) < 0)  /* at most 6 bytes a character: &quot; */
        return -1;
    unsigned char *o = (unsigned char *)end(b);
    Py_ssize_t bad = -1;  /* where a lone surrogate is */
    /* one loop per width of the str's code units, so that the width is not tested anew
       for each character (labels are mostly two bytes a character: Vietnamese) */
    if (kind == PyUnicode_1BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n; i++)
            put_char(&o, ((const Py_UCS1 *)data)[i], escape, escaped);
    } else if (kind == PyUnicode_2BYTE_KIND) {
        for (Py_ssize_t i = 0; i < n && bad < 0; i++)
            if (put_char(&o, ((const Py_UCS2 *)data)[i], escape, escaped) < 0)
                bad = i;
    } else {
        for (Py_ssize_t i = 0; i < n && bad < 0; i++)
            if (put_char(&o, ((const Py_UCS4 *)data)[i], escape, escaped) < 0)
                bad = i;
    }
    if (bad >= 0)
        return surrogate_error(value, bad);
    b->len = (char *)o - PyBytes_AS_STRING(b->bytes);
    return 0;
}

/* graphml._text(value), UTF-8. */
static int
put_text(Buf *b, PyObject *value)
{
    int escaped = 0;
    return put_str(b, value, 1, &escaped);
}

/* The bytes put since `from` (an offset in this chunk), once more. */
static int
put_again(Buf *b, Py_ssize_t from, Py_ssize_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    memcpy(end(b), PyBytes_AS_STRING(b->bytes) + from, n);
    b->len += n;
    return 0;
}

static int
put_index(Buf *b, Py_ssize_t i)
{
    char digits[24];
    int n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + i % 10);
        i /= 10;
    } while (i > 0);
    return put(b, digits + sizeof digits - n, n);
}

/* d[key] (borrowed), KeyError where missing. */
static PyObject *
item(PyObject *d, PyObject *key)
{
    PyObject *value = PyDict_GetItemWithError(d, key);
    if (value == NULL && !PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    return value;
}

/* The nodes; *escaped set where an id needed escaping. */
static int
render_nodes(Buf *b, PyObject *ids, PyObject *labels, PyObject *kinds, PyObject *roles,
             PyObject *kind_mid, PyObject *kind_gfx, int *escaped)
{
    Py_ssize_t n = PyList_GET_SIZE(ids);
    if (PyList_GET_SIZE(labels) != n || PyList_GET_SIZE(kinds) != n) {
        PyErr_SetString(PyExc_ValueError, "render: ids, labels and kinds differ in length");
        return -1;
    }
    /* sizes read each row: out.write runs between rows (it could not shrink them and be sane,
       but it must not make this read past an end) */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(ids) && i < PyList_GET_SIZE(labels)
                           && i < PyList_GET_SIZE(kinds); i++) {
        PyObject *id = PyList_GET_ITEM(ids, i), *label = PyList_GET_ITEM(labels, i);
        PyObject *kind = PyList_GET_ITEM(kinds, i);
        if (kind != b->kind) {
            PyObject *mid = item(kind_mid, kind), *gfx = mid ? item(kind_gfx, kind) : NULL;
            if (gfx == NULL)
                return -1;
            b->kind = kind;
            b->mid = mid;
            b->gfx = gfx;
        }
        PyObject *role = PyDict_GetItemWithError(roles, id);
        if (role == NULL && PyErr_Occurred())
            return -1;
        if (PUT_LITERAL(b, "    <node id=\"") < 0 || put_str(b, id, 1, escaped) < 0
            || PUT_LITERAL(b, "\">\n      <data key=\"label\">") < 0)
            return -1;
        Py_ssize_t label_at = b->len;  /* the label is written twice: encoded once */
        if (put_text(b, label) < 0)
            return -1;
        Py_ssize_t label_len = b->len - label_at;
        if (put_bytes(b, b->mid) < 0 || (role != NULL && put_bytes(b, role) < 0)
            || put_bytes(b, b->gfx) < 0 || put_again(b, label_at, label_len) < 0
            || PUT_LITERAL(b, "</y:NodeLabel></y:ShapeNode></data>\n    </node>\n") < 0
            || row_done(b) < 0)
            return -1;
    }
    return 0;
}

/* An edge's end as _render writes it: escaped where it is an id and some id needed
   escaping (`ids` then holds them), as is otherwise (every end is an id in kg's view). */
static int
put_end(Buf *b, PyObject *end, PyObject *ids)
{
    int escape = 0;
    if (ids != NULL && PyUnicode_Check(end) && (escape = PySet_Contains(ids, end)) < 0)
        return -1;
    return put_str(b, end, escape, &escape);
}

static int
render_edges(Buf *b, PyObject *edges, PyObject *tails, PyObject *ids)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(edges); i++) {
        PyObject *edge = PyList_GET_ITEM(edges, i);
        if (!PyTuple_Check(edge) || PyTuple_GET_SIZE(edge) != 3) {
            PyErr_SetString(PyExc_TypeError, "render: an edge must be a (source, target, label) tuple");
            return -1;
        }
        PyObject *label = PyTuple_GET_ITEM(edge, 2);
        size_t slot = ((uintptr_t)label >> 4) % TAIL_SLOTS;
        if (b->label[slot] != label) {
            PyObject *tail = item(tails, label);
            if (tail == NULL)
                return -1;
            b->label[slot] = label;
            b->tail[slot] = tail;
        }
        if (PUT_LITERAL(b, "    <edge id=\"e") < 0 || put_index(b, i) < 0
            || PUT_LITERAL(b, "\" source=\"") < 0 || put_end(b, PyTuple_GET_ITEM(edge, 0), ids) < 0
            || PUT_LITERAL(b, "\" target=\"") < 0 || put_end(b, PyTuple_GET_ITEM(edge, 1), ids) < 0
            || put_bytes(b, b->tail[slot]) < 0 || row_done(b) < 0)
            return -1;
    }
    return 0;
}

static PyObject *
render(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *out, *ids, *labels, *kinds, *roles, *kind_mid, *kind_gfx, *edges, *tails, *head, *tail;
    if (!PyArg_ParseTuple(args, "OO!O!O!O!O!O!O!O!SS:render", &out, &PyList_Type, &ids,
                          &PyList_Type, &labels, &PyList_Type, &kinds, &PyDict_Type, &roles,
                          &PyDict_Type, &kind_mid, &PyDict_Type, &kind_gfx, &PyList_Type, &edges,
                          &PyDict_Type, &tails, &head, &tail))
        return NULL;
    Buf b;
    memset(&b, 0, sizeof b);
    b.write = PyObject_GetAttr(out, WRITE);
    if (b.write == NULL)
        return NULL;
    /* the arguments are held by the call; out.write runs only between rows */
    int escaped = 0;
    PyObject *id_set = NULL;
    int failed = put_bytes(&b, head) < 0
                 || render_nodes(&b, ids, labels, kinds, roles, kind_mid, kind_gfx, &escaped) < 0
                 || (escaped && (id_set = PySet_New(ids)) == NULL)
                 || render_edges(&b, edges, tails, id_set) < 0 || put_bytes(&b, tail) < 0
                 || flush(&b) < 0;
    Py_XDECREF(id_set);
    Py_XDECREF(b.bytes);
    Py_DECREF(b.write);
    if (failed)
        return NULL;
    Py_RETURN_NONE;
}

/* ---------------------------------------------------------------- module */

static PyMethodDef methods[] = {
    {"columns", columns, METH_VARARGS,
     "columns(spo, consts, title, local) -> (ids, labels, kinds, roles, edges) or None:\n"
     "graphml._columns_py from the table's index; None where it leaves the table to Python."},
    {"render", render, METH_VARARGS,
     "render(out, ids, labels, kinds, roles, kind_mid, kind_gfx, edges, tails, head, tail):\n"
     "write graphml._render's text for the columns to out, UTF-8, in chunks of about 1 MB."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_graphml",
    "The GraphML writer's view and XML in C (kg.export.graphml is the reference).", -1, methods,
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
        LOWER = PyUnicode_InternFromString("lower");
        WRITE = PyUnicode_InternFromString("write");
        if (!TRUE_TEXT || !ONE_TEXT || !FORMER_PREFIX || !LOWER || !WRITE)
            return NULL;
    }
    return PyModule_Create(&module);
}
