/* SPDX-License-Identifier: MIT */
/*
 * The keyctl commands whose arguments are structures or vectors, printed
 * by decode-keys.c for dec_keyctl() (decode-sys.c).
 */
#ifndef RENACER_DECODE_KEYS_H
#define RENACER_DECODE_KEYS_H

#include "decode-internal.h"

/* KEYCTL_INSTANTIATE_IOV's arguments after the command */
void keyctl_put_instantiate_iov(struct dctx *c);
/* KEYCTL_DH_COMPUTE's arguments after its struct keyctl_dh_params: the
 * result buffer, its length and the struct keyctl_kdf_params */
void keyctl_put_dh_result_kdf(struct dctx *c);
/* KEYCTL_PKEY_ENCRYPT, _DECRYPT, _SIGN (out) and _VERIFY (!out): the
 * struct keyctl_pkey_params, the info string and the two operands */
void keyctl_put_pkey_op(struct dctx *c, bool out);

#endif
