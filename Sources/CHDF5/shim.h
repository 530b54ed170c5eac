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
static inline hid_t pinn_H5T_NATIVE_INT(void) { return H5T_NATIVE_INT; }
static inline hid_t pinn_H5T_STD_REF_OBJ(void) { return H5T_STD_REF_OBJ; }

// The file address of an open object's header: what an object reference (hobj_ref_t, the
// H5R_OBJECT kind that dimension scales' REFERENCE_LIST holds) stores. Comparing addresses
// identifies the referenced object without opening it.
static inline herr_t pinn_object_address(hid_t object, haddr_t *address) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info3(object, &info, H5O_INFO_BASIC) < 0) return -1;
    return H5VLnative_token_to_addr(object, info.token, address);
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_BASIC) < 0) return -1;
    *address = info.addr;
    return 0;
#endif
}
