// OpenBLAS's CBLAS and the reference LAPACKE, as Debian ships them
// (libopenblas-dev, liblapacke-dev). Only RegulaCore's BLAS.swift sees this module.
#include <cblas.h>
#include <lapacke.h>
