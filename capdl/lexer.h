/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tokens of capDL's textual form (shared by the high-level form): numbers
 * (decimal, 0x hex, 0o octal, as the capDL tool's parser reads them),
 * identifiers (a letter, then letters, digits and - _ @ .), strings, and the
 * punctuation { } ( ) [ ] : ; , = / .. < > -. Comments: `--` to the end of
 * the line and nested block comments.
 */
#ifndef CAPDL_LEXER_H
#define CAPDL_LEXER_H

#include <capdl/capdl.h>

enum cdl_tok {
    T_EOF, T_IDENT, T_NUMBER, T_STRING, T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACKET,
    T_RBRACKET, T_COLON, T_SEMI, T_COMMA, T_EQUALS, T_SLASH, T_DOTDOT, T_LT, T_GT, T_MINUS,
    T_ERROR
};

struct cdl_token {
    uint8_t kind;
    struct cdl_loc loc;
    const char *text;   /* into the source; strings: without the quotes */
    uint32_t len;
    uint64_t num;
};

struct cdl_lexer {
    const struct cdl_source *src;
    struct cdl_diag *diag;
    const char *p, *end, *line_start;
    uint32_t line;
    struct cdl_token look[2];   /* two tokens of lookahead */
    uint32_t n_look;
};

void cdl_lex_init(struct cdl_lexer *lx, const struct cdl_source *src, struct cdl_diag *diag);
/* The token `ahead` tokens away (0 or 1) without consuming it. A lexical
 * error is reported once and then shows up as T_ERROR. */
const struct cdl_token *cdl_peek(struct cdl_lexer *lx, unsigned ahead);
struct cdl_token cdl_next(struct cdl_lexer *lx);
const char *cdl_tok_name(uint8_t kind);
/* True if the token is the identifier `word`. */
bool cdl_tok_is(const struct cdl_token *t, const char *word);

#endif
