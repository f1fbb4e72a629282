/* kg.export._graphml: the GraphML writer's two loops over every node and edge, in C.

   columns(spo, consts, title, local) computes graphml._columns_py(table) from the table's
   index (spo: subject -> predicate -> list of objects): node ids sorted, their labels and
   types, person -> set of role titles (the caller joins them), the sorted edges. It returns
   None where the table has something it leaves to the Python code: a node that is not an
   IRI (a blank node or a literal: their order is by str(), with ties) or anything that is not
   a dict or a list where the table keeps one. The few strings made once per predicate,
   class or role (local names, role titles) come from the Python functions given.

   render(out, ids, labels, kinds, roles, kind_mid, kind_gfx, edges, tails, head, tail) writes
   the text graphml._render yields for those columns, UTF-8, in chunks of about 1 MB
   (out.write(bytes)). The pieces made once per type, role text and edge label come already
   encoded from the caller (graphml.py makes them with the same functions _render uses);
   ids and labels are escaped here as graphml._text escapes them.

   Both are checked byte for byte against the Python code (tests/test_export_native_graphml.py).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* ---------------------------------------------------------------- columns */

typedef struct {
    PyTypeObject *lit;
    PyObject *type_p, *classes, *event, *membership, *former, *boolean;
    PyObject *organization, *member, *role, *name;
} Consts;

static PyObject *TRUE_TEXT, *ONE_TEXT, *FORMER_PREFIX, *LOWER;

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

/* Each subject's node class into `types` (subject -> class; none where the subject is not a
   node) and the memberships (subjects typed kg:Membership) in table order, as the Python
   code's choice per type list: the smallest node class other than kg:Event, kg:Event alone. */
static int
node_types(PyObject *spo, const Consts *k, PyObject *types, PyObject *memberships)
{
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
            if (PyUnicode_CheckExact(c)) {
                int in = PySet_Contains(k->classes, c);
                if (in < 0)
                    return FAILED;
                if (in) {
                    if (PyUnicode_Compare(c, k->event) == 0)
                        event = c;
                    else if (best == NULL || PyUnicode_Compare(c, best) < 0)
                        best = c;
                }
            }
            if (!member) {
                /* `MEMBERSHIP in sig`: any item, compared the way tuple.__contains__ does */
                Py_INCREF(c);
                member = equal(c, k->membership);
                Py_DECREF(c);
                if (member < 0)
                    return FAILED;
            }
        }
        PyObject *choice = best != NULL ? best : event;
        if (choice != NULL) {
            if (!PyUnicode_CheckExact(s))
                return UNHANDLED;  /* not an IRI: ordered by str(), left to Python */
            if (PyDict_SetItem(types, s, choice) < 0)
                return FAILED;
        }
        if (member && PyList_Append(memberships, s) < 0)
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
        if (yes > 0) {
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

/* graphml._posts over every membership. */
static int
posts(PyObject *spo, const Consts *k, PyObject *types, PyObject *memberships,
      PyObject *title_fn, PyObject *roles, PyObject *by_source)
{
    PyObject *titles = PyDict_New();  /* role -> title, as _posts keeps them */
    if (titles == NULL)
        return FAILED;
    int status = DONE;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(memberships) && status == DONE; i++) {
        PyObject *po = PyDict_GetItemWithError(spo, PyList_GET_ITEM(memberships, i));
        if (po == NULL)  /* every membership is a subject of spo */
            status = PyErr_Occurred() ? FAILED : DONE;
        else {
            Py_INCREF(po);
            status = membership_posts(po, k, types, titles, title_fn, roles, by_source);
            Py_DECREF(po);
        }
    }
    Py_DECREF(titles);
    return status;
}

/* Node s's edges, sorted, without repeats, appended to `edges`: its posts (from by_source)
   and (s, o, local name of p) for every o of every p but rdf:type that is a node. */
static int
node_edges(PyObject *s, PyObject *po, const Consts *k, PyObject *types, PyObject *by_source,
           PyObject *locals, PyObject *local_fn, PyObject *edges)
{
    PyObject *mine = PyDict_GetItemWithError(by_source, s);
    if (mine == NULL) {
        if (PyErr_Occurred())
            return FAILED;
        mine = PyList_New(0);
    } else
        mine = PyList_GetSlice(mine, 0, PyList_GET_SIZE(mine));
    if (mine == NULL)
        return FAILED;
    int status = FAILED;
    Py_ssize_t pos = 0;
    PyObject *p, *objs;
    while (PyDict_Next(po, &pos, &p, &objs)) {
        int same = equal(p, k->type_p);
        if (same < 0)
            goto done;
        if (same)
            continue;
        if (!PyList_CheckExact(objs)) {
            status = UNHANDLED;
            goto done;
        }
        PyObject *label = NULL;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(objs); i++) {
            PyObject *o = PyList_GET_ITEM(objs, i);
            if (Py_TYPE(o) == k->lit)
                continue;
            Py_INCREF(o);
            int in = PyDict_Contains(types, o);
            if (in > 0 && label == NULL && (label = cached_call(locals, local_fn, p)) == NULL)
                in = -1;
            if (in > 0) {
                PyObject *edge = PyTuple_Pack(3, s, o, label);
                in = edge == NULL || PyList_Append(mine, edge) < 0 ? -1 : 1;
                Py_XDECREF(edge);
            }
            Py_DECREF(o);
            if (in < 0) {
                Py_XDECREF(label);
                goto done;
            }
        }
        Py_XDECREF(label);
    }
    if (PyList_Sort(mine) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(mine); i++) {
        PyObject *edge = PyList_GET_ITEM(mine, i);
        if (i > 0) {  /* sorted: a repeat follows its twin (the Python code keeps a set) */
            int same = PyObject_RichCompareBool(PyList_GET_ITEM(mine, i - 1), edge, Py_EQ);
            if (same < 0)
                goto done;
            if (same)
                continue;
        }
        if (PyList_Append(edges, edge) < 0)
            goto done;
    }
    status = DONE;
done:
    Py_DECREF(mine);
    return status;
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
    if (!PyUnicode_CheckExact(k.event)) {
        PyErr_SetString(PyExc_TypeError, "columns: the event class must be a str");
        return NULL;
    }
    PyObject *types = PyDict_New(), *memberships = PyList_New(0), *roles = PyDict_New();
    PyObject *by_source = PyDict_New(), *locals = PyDict_New(), *edges = PyList_New(0);
    PyObject *ids = NULL, *labels = NULL, *kinds = NULL, *result = NULL;
    int status = FAILED;
    if (!types || !memberships || !roles || !by_source || !locals || !edges)
        goto done;
    if ((status = node_types(spo, &k, types, memberships)) != DONE)
        goto done;
    if ((status = posts(spo, &k, types, memberships, title_fn, roles, by_source)) != DONE)
        goto done;
    status = FAILED;
    ids = PyDict_Keys(types);
    if (ids == NULL || PyList_Sort(ids) < 0)
        goto done;
    Py_ssize_t n = PyList_GET_SIZE(ids);
    labels = PyList_New(n);
    kinds = PyList_New(n);
    if (labels == NULL || kinds == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyList_GET_ITEM(ids, i);
        PyObject *po = PyDict_GetItemWithError(spo, s);
        if (po == NULL) {
            if (!PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, s);
            goto done;
        }
        Py_INCREF(po);
        status = node_edges(s, po, &k, types, by_source, locals, local_fn, edges);
        PyObject *label = status == DONE ? node_label(s, po, &k, local_fn, &status) : NULL;
        Py_DECREF(po);
        if (label == NULL)
            goto done;
        PyList_SET_ITEM(labels, i, label);
        status = FAILED;
        PyObject *kind = PyDict_GetItemWithError(types, s);
        if (kind == NULL || (kind = cached_call(locals, local_fn, kind)) == NULL)
            goto done;
        PyList_SET_ITEM(kinds, i, kind);
    }
    result = PyTuple_Pack(5, ids, labels, kinds, roles, edges);
done:
    if (status == UNHANDLED && result == NULL && !PyErr_Occurred())
        result = Py_NewRef(Py_None);
    Py_XDECREF(types);
    Py_XDECREF(memberships);
    Py_XDECREF(roles);
    Py_XDECREF(by_source);
    Py_XDECREF(locals);
    Py_XDECREF(edges);
    Py_XDECREF(ids);
    Py_XDECREF(labels);
    Py_XDECREF(kinds);
    return result;
}

/* ---------------------------------------------------------------- render */

#define CHUNK (1 << 20)

typedef struct {
    char *data;
    Py_ssize_t len, cap;
    PyObject *write;  /* out.write */
} Buf;

/* The buffer written out, as one bytes object. Called between rows only, so that no Python
   code runs while a row's items are in use. */
static int
flush(Buf *b)
{
    if (b->len == 0)
        return 0;
    PyObject *bytes = PyBytes_FromStringAndSize(b->data, b->len);
    if (bytes == NULL)
        return -1;
    PyObject *r = PyObject_CallOneArg(b->write, bytes);
    Py_DECREF(bytes);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    b->len = 0;
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
    char *data = PyMem_Realloc(b->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

static int
put(Buf *b, const char *s, Py_ssize_t n)
{
    if (reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, n);
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

/* What graphml._text makes of each ASCII character: NULL itself, REPLACED U+FFFD (a control
   XML 1.0 forbids), else its entity. */
static const char *ASCII_ESCAPE[128];
static const char REPLACED[] = "\xef\xbf\xbd";

static void
init_escapes(void)
{
    for (int c = 0; c < 0x20; c++)
        if (c != '\t' && c != '\n' && c != '\r')
            ASCII_ESCAPE[c] = REPLACED;
    ASCII_ESCAPE['&'] = "&amp;";
    ASCII_ESCAPE['<'] = "&lt;";
    ASCII_ESCAPE['>'] = "&gt;";
    ASCII_ESCAPE['"'] = "&quot;";
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

/* graphml._text(value) encoded as UTF-8: & < > " as entities, the characters XML 1.0
   forbids (controls, U+FFFE, U+FFFF) as U+FFFD. A lone surrogate raises UnicodeEncodeError,
   as the Python path's str.encode does. */
static int
put_text(Buf *b, PyObject *value)
{
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "render: expected a str, not %.100s",
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    int kind = PyUnicode_KIND(value);
    const void *data = PyUnicode_DATA(value);
    if (PyUnicode_IS_ASCII(value)) {  /* nearly every id: copied whole when nothing to escape */
        const unsigned char *s = data;
        Py_ssize_t i = 0;
        while (i < n && ASCII_ESCAPE[s[i]] == NULL)
            i++;
        if (i == n)
            return put(b, (const char *)s, n);
    }
    if (n > PY_SSIZE_T_MAX / 6) {
        PyErr_NoMemory();
        return -1;
    }
    if (reserve(b, 6 * n) < 0)  /* at most 6 bytes a character: &quot; */
        return -1;
    unsigned char *o = (unsigned char *)b->data + b->len;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x80) {
            const char *e = ASCII_ESCAPE[c];
            if (e == NULL)
                *o++ = (unsigned char)c;
            else {
                size_t len = strlen(e);
                memcpy(o, e, len);
                o += len;
            }
        } else if (c < 0x800) {
            *o++ = (unsigned char)(0xC0 | (c >> 6));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            if (c >= 0xD800 && c <= 0xDFFF)
                return surrogate_error(value, i);
            if (c == 0xFFFE || c == 0xFFFF)
                c = 0xFFFD;
            *o++ = (unsigned char)(0xE0 | (c >> 12));
            *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (unsigned char)(0xF0 | (c >> 18));
            *o++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    b->len = (char *)o - b->data;
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

static int
render_nodes(Buf *b, PyObject *ids, PyObject *labels, PyObject *kinds, PyObject *roles,
             PyObject *kind_mid, PyObject *kind_gfx)
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
        PyObject *mid = item(kind_mid, kind), *gfx = mid ? item(kind_gfx, kind) : NULL;
        if (gfx == NULL)
            return -1;
        PyObject *role = PyDict_GetItemWithError(roles, id);
        if (role == NULL && PyErr_Occurred())
            return -1;
        if (PUT_LITERAL(b, "    <node id=\"") < 0 || put_text(b, id) < 0
            || PUT_LITERAL(b, "\">\n      <data key=\"label\">") < 0 || put_text(b, label) < 0
            || put_bytes(b, mid) < 0 || (role != NULL && put_bytes(b, role) < 0)
            || put_bytes(b, gfx) < 0 || put_text(b, label) < 0
            || PUT_LITERAL(b, "</y:NodeLabel></y:ShapeNode></data>\n    </node>\n") < 0
            || row_done(b) < 0)
            return -1;
    }
    return 0;
}

static int
render_edges(Buf *b, PyObject *edges, PyObject *tails)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(edges); i++) {
        PyObject *edge = PyList_GET_ITEM(edges, i);
        if (!PyTuple_Check(edge) || PyTuple_GET_SIZE(edge) != 3) {
            PyErr_SetString(PyExc_TypeError, "render: an edge must be a (source, target, label) tuple");
            return -1;
        }
        PyObject *tail = item(tails, PyTuple_GET_ITEM(edge, 2));
        if (tail == NULL || PUT_LITERAL(b, "    <edge id=\"e") < 0 || put_index(b, i) < 0
            || PUT_LITERAL(b, "\" source=\"") < 0 || put_text(b, PyTuple_GET_ITEM(edge, 0)) < 0
            || PUT_LITERAL(b, "\" target=\"") < 0 || put_text(b, PyTuple_GET_ITEM(edge, 1)) < 0
            || put_bytes(b, tail) < 0 || row_done(b) < 0)
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
    Buf b = {NULL, 0, 0, PyObject_GetAttrString(out, "write")};
    if (b.write == NULL)
        return NULL;
    /* the arguments are held by the call; out.write runs only between rows */
    int failed = put_bytes(&b, head) < 0
                 || render_nodes(&b, ids, labels, kinds, roles, kind_mid, kind_gfx) < 0
                 || render_edges(&b, edges, tails) < 0 || put_bytes(&b, tail) < 0 || flush(&b) < 0;
    PyMem_Free(b.data);
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
        if (!TRUE_TEXT || !ONE_TEXT || !FORMER_PREFIX || !LOWER)
            return NULL;
    }
    return PyModule_Create(&module);
}
