/*  fuzz_msg: libFuzzer target for the message decoder, lx_msg_decode.

    The input is a message body (what follows the 7 signature bytes in a
    message's frame). Beyond "no crash, no leak, no undefined behaviour"
    (ASan, UBSan, LeakSanitizer), it checks:

    - a refused body gets one of the decoding codes of PROTOCOL.md §1.1
      (402 BAD_MSGPACK … 406 BAD_VALUE) and a non-empty reason;
    - an accepted body is a valid message (lx_msg_validate), its encoding
      succeeds, is no longer than the body (the reference encoder packs
      every value in its shortest form, §1.1), decodes again, and that
      decoding re-encodes to the same bytes: one canonical form;
    - lx_msg_dup of an accepted message encodes to the same bytes.

    Every check is an assert: a failure is a finding, and libFuzzer saves
    the input that caused it.
*/

#include "lx_msg.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  True when code is one the decoder may give (PROTOCOL.md §1.1, rows 3-7).
static int
s_decoding_code (int code)
{
    return code == LX_ERR_BAD_MSGPACK || code == LX_ERR_BAD_COMMAND || code == LX_ERR_BAD_FIELD
        || code == LX_ERR_MISSING_FIELD || code == LX_ERR_BAD_VALUE;
}

//  Encodes msg; asserts that it succeeds. Returns the bytes (caller frees).
static uint8_t *
s_encode (lx_msg_t *msg, size_t *size)
{
    uint8_t *data = NULL;
    int rc = lx_msg_encode (msg, &data, size);
    assert (rc == 0 && data);
    return data;
}

//  libFuzzer entry point: one body per call. Returns 0 (inputs are never
//  rejected from the corpus).
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    lx_error_t error = { 0, "" };
    lx_msg_t *msg = lx_msg_decode (data, size, &error);
    if (!msg) {
        assert (s_decoding_code (error.code));
        assert (error.reason [0] != 0);
        return 0;
    }
    assert (error.code == LX_ERR_NONE);
    assert ((int) lx_msg_cmd (msg) >= 0 && (int) lx_msg_cmd (msg) < LX_CMD_COUNT);
    assert (lx_msg_validate (msg, NULL) == 0);

    //  Canonical round trip: encode, decode, encode again, same bytes.
    size_t first_size, second_size, copy_size;
    uint8_t *first = s_encode (msg, &first_size);
    assert (first_size <= size);
    lx_msg_t *again = lx_msg_decode (first, first_size, &error);
    assert (again);
    assert (lx_msg_cmd (again) == lx_msg_cmd (msg));
    uint8_t *second = s_encode (again, &second_size);
    assert (second_size == first_size && memcmp (first, second, first_size) == 0);

    //  A copy is the same message.
    lx_msg_t *copy = lx_msg_dup (msg);
    assert (copy);
    uint8_t *copied = s_encode (copy, &copy_size);
    assert (copy_size == first_size && memcmp (first, copied, first_size) == 0);

    free (copied);
    free (second);
    free (first);
    lx_msg_destroy (&copy);
    lx_msg_destroy (&again);
    lx_msg_destroy (&msg);
    return 0;
}
