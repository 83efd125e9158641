/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The lexer (see lexer.h). It works on demand with two tokens of lookahead,
 * which is all the grammar needs: `slot: name = target` and `name =` must be
 * told apart from a plain target before committing.
 */
#include <string.h>
#include "lexer.h"

void cdl_lex_init(struct cdl_lexer *lx, const struct cdl_source *src, struct cdl_diag *diag)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->diag = diag;
    lx->p = src->text;
    lx->end = src->text + src->len;
    lx->line_start = src->text;
    lx->line = 1;
}

static struct cdl_loc here(const struct cdl_lexer *lx, const char *p, uint32_t len)
{
    return (struct cdl_loc){ lx->src, lx->line, (uint32_t)(p - lx->line_start) + 1, len };
}

static void newline(struct cdl_lexer *lx, const char *after)
{
    lx->line++;
    lx->line_start = after;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '_' || c == '@' || c == '.';
}

/* Skips white space and comments; false after reporting an unterminated one. */
static bool skip_space(struct cdl_lexer *lx)
{
    for (;;) {
        const char *p = lx->p;
        if (p >= lx->end)
            return true;
        if (*p == '\n') {
            lx->p = p + 1;
            newline(lx, lx->p);
        } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
            lx->p = p + 1;
        } else if (p + 1 < lx->end && p[0] == '-' && p[1] == '-') {
            while (lx->p < lx->end && *lx->p != '\n')
                lx->p++;
        } else if (p + 1 < lx->end && p[0] == '/' && p[1] == '*') {
            struct cdl_loc start = here(lx, p, 2);
            unsigned depth = 0;
            /* Block comments nest, as in the capDL tool. */
            while (lx->p < lx->end) {
                if (lx->p + 1 < lx->end && lx->p[0] == '/' && lx->p[1] == '*') {
                    depth++;
                    lx->p += 2;
                } else if (lx->p + 1 < lx->end && lx->p[0] == '*' && lx->p[1] == '/') {
                    lx->p += 2;
                    if (--depth == 0)
                        break;
                } else {
                    if (*lx->p == '\n')
                        newline(lx, lx->p + 1);
                    lx->p++;
                }
            }
            if (depth) {
                cdl_error(lx->diag, start, "unterminated comment");
                return false;
            }
        } else {
            return true;
        }
    }
}

static unsigned digit_value(char c)
{
    if (is_digit(c))
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (unsigned)(c - 'A' + 10);
    return 99;
}

static bool lex_number(struct cdl_lexer *lx, struct cdl_token *t)
{
    const char *p = lx->p;
    unsigned base = 10;
    if (p[0] == '0' && p + 1 < lx->end && (p[1] == 'x' || p[1] == 'X') && p + 2 < lx->end &&
        digit_value(p[2]) < 16) {
        base = 16;
        p += 2;
    } else if (p[0] == '0' && p + 1 < lx->end && (p[1] == 'o' || p[1] == 'O') &&
               p + 2 < lx->end && digit_value(p[2]) < 8) {
        base = 8;
        p += 2;
    }
    uint64_t v = 0;
    bool overflow = false;
    while (p < lx->end && digit_value(*p) < base) {
        uint64_t d = digit_value(*p);
        if (v > (UINT64_MAX - d) / base)
            overflow = true;
        v = v * base + d;
        p++;
    }
    t->kind = T_NUMBER;
    t->num = v;
    t->text = lx->p;
    t->len = (uint32_t)(p - lx->p);
    t->loc = here(lx, lx->p, t->len);
    lx->p = p;
    if (overflow) {
        cdl_error(lx->diag, t->loc, "number too large (more than 64 bits)");
        return false;
    }
    return true;
}

static bool lex_string(struct cdl_lexer *lx, struct cdl_token *t)
{
    const char *start = lx->p;
    const char *p = start + 1;
    while (p < lx->end && *p != '"' && *p != '\n')
        p++;
    if (p >= lx->end || *p != '"') {
        cdl_error(lx->diag, here(lx, start, 1), "unterminated string");
        return false;
    }
    t->kind = T_STRING;
    t->text = start + 1;
    t->len = (uint32_t)(p - start - 1);
    t->loc = here(lx, start, t->len + 2);
    lx->p = p + 1;
    return true;
}

static struct cdl_token lex_one(struct cdl_lexer *lx)
{
    struct cdl_token t = { .kind = T_ERROR };
    if (!skip_space(lx))
        return t;
    if (lx->p >= lx->end) {
        t.kind = T_EOF;
        t.loc = here(lx, lx->p, 1);
        return t;
    }
    const char *p = lx->p;
    if (is_alpha(*p)) {
        const char *e = p + 1;
        while (e < lx->end && is_ident_char(*e))
            e++;
        t.kind = T_IDENT;
        t.text = p;
        t.len = (uint32_t)(e - p);
        t.loc = here(lx, p, t.len);
        lx->p = e;
        return t;
    }
    if (is_digit(*p)) {
        if (!lex_number(lx, &t))
            t.kind = T_ERROR;
        return t;
    }
    if (*p == '"') {
        if (!lex_string(lx, &t))
            t.kind = T_ERROR;
        return t;
    }
    static const char punct[] = "{}()[]:;,=/<>-";
    static const uint8_t kinds[] = { T_LBRACE, T_RBRACE, T_LPAREN, T_RPAREN, T_LBRACKET,
                                     T_RBRACKET, T_COLON, T_SEMI, T_COMMA, T_EQUALS,
                                     T_SLASH, T_LT, T_GT, T_MINUS };
    t.text = p;
    if (p + 1 < lx->end && p[0] == '.' && p[1] == '.') {
        t.kind = T_DOTDOT;
        t.len = 2;
    } else if (*p && strchr(punct, *p)) {
        t.kind = kinds[strchr(punct, *p) - punct];
        t.len = 1;
    } else {
        unsigned char c = (unsigned char)*p;
        t.loc = here(lx, p, 1);
        if (c >= 0x20 && c < 0x7f)
            cdl_error(lx->diag, t.loc, "unexpected character '%c'", c);
        else
            cdl_error(lx->diag, t.loc, "unexpected character 0x%02x", c);
        t.kind = T_ERROR;
        lx->end = lx->p;   /* no more tokens after an error */
        return t;
    }
    t.loc = here(lx, p, t.len);
    lx->p = p + t.len;
    return t;
}

const struct cdl_token *cdl_peek(struct cdl_lexer *lx, unsigned ahead)
{
    while (lx->n_look <= ahead) {
        struct cdl_token t;
        if (lx->n_look && (lx->look[lx->n_look - 1].kind == T_ERROR ||
                           lx->look[lx->n_look - 1].kind == T_EOF))
            t = lx->look[lx->n_look - 1];   /* errors and the end repeat */
        else
            t = lex_one(lx);
        if (t.kind == T_ERROR)
            lx->end = lx->p;
        lx->look[lx->n_look++] = t;
    }
    return &lx->look[ahead];
}

struct cdl_token cdl_next(struct cdl_lexer *lx)
{
    struct cdl_token t = *cdl_peek(lx, 0);
    lx->look[0] = lx->look[1];
    lx->n_look--;
    return t;
}

const char *cdl_tok_name(uint8_t kind)
{
    static const char *const names[] = {
        [T_EOF] = "end of file", [T_IDENT] = "a name", [T_NUMBER] = "a number",
        [T_STRING] = "a string", [T_LBRACE] = "'{'", [T_RBRACE] = "'}'", [T_LPAREN] = "'('",
        [T_RPAREN] = "')'", [T_LBRACKET] = "'['", [T_RBRACKET] = "']'", [T_COLON] = "':'",
        [T_SEMI] = "';'", [T_COMMA] = "','", [T_EQUALS] = "'='", [T_SLASH] = "'/'",
        [T_DOTDOT] = "'..'", [T_LT] = "'<'", [T_GT] = "'>'", [T_MINUS] = "'-'",
        [T_ERROR] = "an error",
    };
    return kind <= T_ERROR ? names[kind] : "?";
}

bool cdl_tok_is(const struct cdl_token *t, const char *word)
{
    size_t n = strlen(word);
    return t->kind == T_IDENT && t->len == n && memcmp(t->text, word, n) == 0;
}
