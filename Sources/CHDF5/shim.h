// HDF5 C library and its high-level library (dimension scales, lite API).
// The macros below do not import into Swift (they expand to function calls), so they are
// re-exposed as inline functions.
#pragma once
#include <hdf5.h>
#include <hdf5_hl.h>

static inline hid_t pinn_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t pinn_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t pinn_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t pinn_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t pinn_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t pinn_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t pinn_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t pinn_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
