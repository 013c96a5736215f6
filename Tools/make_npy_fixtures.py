#!/usr/bin/env python3
"""Writes the NPY golden files under Tests/Fixtures/npy/, made by NumPy itself.

Run from the repository root with the peers' Python:

    .venv-peers/bin/python Tools/make_npy_fixtures.py

Each fixture is a tiny array saved with numpy.save (or numpy.lib.format.write_array for other
format versions). manifest.json lists, for each file, its dtype, shape, and the expected
elements as float64 in C order, or the error the reader must report. The Swift tests read only
the committed files.
"""
import io
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "npy")

VALUES_2X3 = [[0.0, 1.5, -2.0], [3.25, 0.1, 1.0 / 3.0]]


def save(name, array, version=None):
    buffer = io.BytesIO()
    if version is None:
        np.save(buffer, array)
    else:
        np.lib.format.write_array(buffer, array, version=version)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(buffer.getvalue())


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = []

    def good(name, array, version=None):
        save(name, array, version)
        manifest.append({
            "file": name,
            "descr": array.dtype.str,
            "shape": list(array.shape),
            "values": [float(v) for v in np.ravel(array, order="C").astype(np.float64)],
        })

    def bad(name, array, message_contains, version=None):
        save(name, array, version)
        manifest.append({"file": name, "error": message_contains})

    good("float32_2x3.npy", np.array(VALUES_2X3, dtype="<f4"))
    good("float64_2x3.npy", np.array(VALUES_2X3, dtype="<f8"))
    good("int64_4.npy", np.array([-3, 0, 7, 2**40], dtype="<i8"))
    good("int32_3.npy", np.array([-(2**31), 5, 2**31 - 1], dtype="<i4"))
    good("uint8_2x2.npy", np.array([[0, 17], [200, 255]], dtype="|u1"))
    good("bool_3.npy", np.array([True, False, True]))
    good("float64_big_endian_2x3.npy", np.array(VALUES_2X3, dtype=">f8"))
    good("float64_scalar.npy", np.array(2.5, dtype="<f8"))
    good("float32_empty_0x3.npy", np.zeros((0, 3), dtype="<f4"))
    good("float64_2x3x2.npy", np.arange(12, dtype="<f8").reshape(2, 3, 2) / 4)
    good("float64_v2_2x3.npy", np.array(VALUES_2X3, dtype="<f8"), version=(2, 0))
    good("float64_v3_2x3.npy", np.array(VALUES_2X3, dtype="<f8"), version=(3, 0))
    bad("float64_fortran_2x3.npy", np.asfortranarray(np.array(VALUES_2X3, dtype="<f8")), "Fortran")
    bad("complex128_2.npy", np.array([1 + 2j, 3 - 4j]), "unsupported dtype '<c16'")
    bad("float16_2.npy", np.array([1, 2], dtype="<f2"), "unsupported dtype '<f2'")

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        f.write("[\n" + ",\n".join(json.dumps(entry) for entry in manifest) + "\n]\n")


if __name__ == "__main__":
    main()
