/* kg.export._splice: the GraphML edge rows of a patched graph.graphml numbered again.

   renumber(data, first) -> (bytes, rows): `data` with the number after each
   '    <edge id="e' that starts a line (or the data) replaced by first, first + 1, ...;
   rows is how many were numbered. The reference is kg.export.splice._renumber_py, which
   runs where this is not built (kg.native); the tests compare the two. A patch renumbers
   every edge after the first one it adds or removes (440k rows at 10k articles), which
   took Python a regex split and a join of as many pieces. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static const char HEAD[] = "    <edge id=\"e";
#define HEAD_LEN ((Py_ssize_t)(sizeof(HEAD) - 1))

/* the next row start at or after p: HEAD at the start of the data or of a line */
static const char *next_row(const char *start, const char *p, const char *end)
{
    while (p < end) {
        const char *r = memmem(p, (size_t)(end - p), HEAD, (size_t)HEAD_LEN);
        if (r == NULL)
            return NULL;
        if (r == start || r[-1] == '\n')
            return r;
        p = r + 1;
    }
    return NULL;
}

static PyObject *renumber(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer buf;
    long long n;
    if (!PyArg_ParseTuple(args, "y*L", &buf, &n))
        return NULL;
    if (n < 0) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "renumber: the first number is negative");
        return NULL;
    }
    const char *start = buf.buf, *end = start + buf.len;
    Py_ssize_t rows = 0;
    for (const char *r = next_row(start, start, end); r != NULL; r = next_row(start, r + HEAD_LEN, end))
        rows++;
    /* room: the data, and up to 20 digits more a row (a number is written in place of one
       of at least none) */
    if (rows > (PY_SSIZE_T_MAX - buf.len) / 21) {
        PyBuffer_Release(&buf);
        return PyErr_NoMemory();
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, buf.len + rows * 21);
    if (out == NULL) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    char *w = PyBytes_AS_STRING(out);
    const char *copied = start; /* what is not written yet starts here */
    for (const char *r = next_row(start, start, end); r != NULL; r = next_row(start, r + HEAD_LEN, end)) {
        memcpy(w, copied, (size_t)(r - copied));
        w += r - copied;
        memcpy(w, HEAD, (size_t)HEAD_LEN);
        w += HEAD_LEN;
        w += sprintf(w, "%lld", n++);
        const char *d = r + HEAD_LEN;
        while (d < end && *d >= '0' && *d <= '9')
            d++;
        copied = d;
    }
    memcpy(w, copied, (size_t)(end - copied));
    w += end - copied;
    Py_ssize_t size = w - PyBytes_AS_STRING(out);
    PyBuffer_Release(&buf);
    if (_PyBytes_Resize(&out, size) < 0)
        return NULL;
    return Py_BuildValue("(Nn)", out, rows);
}

static PyMethodDef methods[] = {
    {"renumber", renumber, METH_VARARGS, "GraphML edge rows numbered again from a first number."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_splice", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__splice(void)
{
    return PyModule_Create(&module);
}
