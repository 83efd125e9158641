/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The message-info word (seL4_MessageInfo_t): the tag of every IPC message
 * and every kernel invocation, passed in a1 and stored as ipc_buffer->tag.
 *
 *   bits 63..12  label           (52 bits) invocation label / error code /
 *                                 fault type / user-defined
 *   bits 11..9   caps_unwrapped  (3 bits)  bit i: extra cap i arrived as a badge
 *   bits  8..7   extra_caps      (2 bits)  number of extra caps (0..3)
 *   bits  6..0   length          (7 bits)  message words (0..120)
 *
 * It is wrapped in a one-word struct so that a tag cannot be confused with a
 * label or a length by accident; cnd_msginfo_from_word/to_word convert at the
 * register boundary. The constructor masks every field exactly like libsel4,
 * so oversized fields never bleed into their neighbours.
 */
#ifndef ABI_MESSAGE_INFO_H
#define ABI_MESSAGE_INFO_H

#include <abi/constants.h>
#include <abi/types.h>

#define CND_MSGINFO_LABEL_SHIFT 12
#define CND_MSGINFO_LABEL_BITS 52
#define CND_MSGINFO_LABEL_MASK CND_UL(0xfffffffffffff000)
#define CND_MSGINFO_CAPS_UNWRAPPED_SHIFT 9
#define CND_MSGINFO_CAPS_UNWRAPPED_BITS 3
#define CND_MSGINFO_CAPS_UNWRAPPED_MASK CND_UL(0xe00)
#define CND_MSGINFO_EXTRA_CAPS_SHIFT 7
#define CND_MSGINFO_EXTRA_CAPS_BITS CND_MSG_EXTRA_CAP_BITS
#define CND_MSGINFO_EXTRA_CAPS_MASK CND_UL(0x180)
#define CND_MSGINFO_LENGTH_SHIFT 0
#define CND_MSGINFO_LENGTH_BITS CND_MSG_LENGTH_BITS
#define CND_MSGINFO_LENGTH_MASK CND_UL(0x7f)

#ifndef __ASSEMBLER__

typedef struct cnd_msginfo {
    cnd_word_t word;
} cnd_msginfo_t;

_Static_assert(sizeof(cnd_msginfo_t) == 8, "seL4_MessageInfo_t is one word");
_Static_assert(_Alignof(cnd_msginfo_t) == 8, "seL4_MessageInfo_t alignment");
_Static_assert(offsetof(cnd_msginfo_t, word) == 0, "msginfo word offset");
_Static_assert(CND_MSGINFO_LABEL_MASK ==
                   (~CND_UL(0) << CND_MSGINFO_LABEL_SHIFT),
               "label mask");
_Static_assert(CND_MSGINFO_LABEL_SHIFT + CND_MSGINFO_LABEL_BITS == CND_WORD_BITS,
               "label is the top of the word");
_Static_assert(CND_MSGINFO_CAPS_UNWRAPPED_MASK ==
                   (((CND_UL(1) << CND_MSGINFO_CAPS_UNWRAPPED_BITS) - 1)
                    << CND_MSGINFO_CAPS_UNWRAPPED_SHIFT),
               "caps unwrapped mask");
_Static_assert(CND_MSGINFO_EXTRA_CAPS_MASK ==
                   (((CND_UL(1) << CND_MSGINFO_EXTRA_CAPS_BITS) - 1)
                    << CND_MSGINFO_EXTRA_CAPS_SHIFT),
               "extra caps mask");
_Static_assert(CND_MSGINFO_LENGTH_MASK ==
                   (((CND_UL(1) << CND_MSGINFO_LENGTH_BITS) - 1) << CND_MSGINFO_LENGTH_SHIFT),
               "length mask");
_Static_assert(CND_MSGINFO_LENGTH_SHIFT + CND_MSGINFO_LENGTH_BITS == CND_MSGINFO_EXTRA_CAPS_SHIFT &&
                   CND_MSGINFO_EXTRA_CAPS_SHIFT + CND_MSGINFO_EXTRA_CAPS_BITS ==
                       CND_MSGINFO_CAPS_UNWRAPPED_SHIFT &&
                   CND_MSGINFO_CAPS_UNWRAPPED_SHIFT + CND_MSGINFO_CAPS_UNWRAPPED_BITS ==
                       CND_MSGINFO_LABEL_SHIFT,
               "fields are adjacent");

static inline cnd_msginfo_t cnd_msginfo_from_word(cnd_word_t word)
{
    cnd_msginfo_t info = { word };
    return info;
}

static inline cnd_word_t cnd_msginfo_to_word(cnd_msginfo_t info)
{
    return info.word;
}

static inline cnd_msginfo_t cnd_msginfo_new(cnd_word_t label, cnd_word_t caps_unwrapped,
                                             cnd_word_t extra_caps, cnd_word_t length)
{
    cnd_msginfo_t info;
    info.word = ((label << CND_MSGINFO_LABEL_SHIFT) & CND_MSGINFO_LABEL_MASK) |
                ((caps_unwrapped << CND_MSGINFO_CAPS_UNWRAPPED_SHIFT) &
                 CND_MSGINFO_CAPS_UNWRAPPED_MASK) |
                ((extra_caps << CND_MSGINFO_EXTRA_CAPS_SHIFT) & CND_MSGINFO_EXTRA_CAPS_MASK) |
                ((length << CND_MSGINFO_LENGTH_SHIFT) & CND_MSGINFO_LENGTH_MASK);
    return info;
}

static inline cnd_word_t cnd_msginfo_get_label(cnd_msginfo_t info)
{
    return (info.word & CND_MSGINFO_LABEL_MASK) >> CND_MSGINFO_LABEL_SHIFT;
}

static inline cnd_word_t cnd_msginfo_get_caps_unwrapped(cnd_msginfo_t info)
{
    return (info.word & CND_MSGINFO_CAPS_UNWRAPPED_MASK) >> CND_MSGINFO_CAPS_UNWRAPPED_SHIFT;
}

static inline cnd_word_t cnd_msginfo_get_extra_caps(cnd_msginfo_t info)
{
    return (info.word & CND_MSGINFO_EXTRA_CAPS_MASK) >> CND_MSGINFO_EXTRA_CAPS_SHIFT;
}

static inline cnd_word_t cnd_msginfo_get_length(cnd_msginfo_t info)
{
    return (info.word & CND_MSGINFO_LENGTH_MASK) >> CND_MSGINFO_LENGTH_SHIFT;
}

static inline cnd_msginfo_t cnd_msginfo_set_label(cnd_msginfo_t info, cnd_word_t label)
{
    info.word = (info.word & ~CND_MSGINFO_LABEL_MASK) |
                ((label << CND_MSGINFO_LABEL_SHIFT) & CND_MSGINFO_LABEL_MASK);
    return info;
}

static inline cnd_msginfo_t cnd_msginfo_set_caps_unwrapped(cnd_msginfo_t info, cnd_word_t v)
{
    info.word = (info.word & ~CND_MSGINFO_CAPS_UNWRAPPED_MASK) |
                ((v << CND_MSGINFO_CAPS_UNWRAPPED_SHIFT) & CND_MSGINFO_CAPS_UNWRAPPED_MASK);
    return info;
}

static inline cnd_msginfo_t cnd_msginfo_set_extra_caps(cnd_msginfo_t info, cnd_word_t v)
{
    info.word = (info.word & ~CND_MSGINFO_EXTRA_CAPS_MASK) |
                ((v << CND_MSGINFO_EXTRA_CAPS_SHIFT) & CND_MSGINFO_EXTRA_CAPS_MASK);
    return info;
}

static inline cnd_msginfo_t cnd_msginfo_set_length(cnd_msginfo_t info, cnd_word_t v)
{
    info.word = (info.word & ~CND_MSGINFO_LENGTH_MASK) |
                ((v << CND_MSGINFO_LENGTH_SHIFT) & CND_MSGINFO_LENGTH_MASK);
    return info;
}

#endif /* !__ASSEMBLER__ */

#endif /* ABI_MESSAGE_INFO_H */
