// Non-variadic wrappers over libedit's variadic el_set/el_get/history, which Swift cannot call.
// Stateless on purpose: a static variable in this header would be duplicated per object file.
#ifndef MOMENTUM_CEDITLINE_SHIM_H
#define MOMENTUM_CEDITLINE_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef unsigned char (*momentum_el_func_t)(EditLine *, int);
typedef char *(*momentum_el_prompt_t)(EditLine *);

static inline int momentum_el_set_prompt(EditLine *el, momentum_el_prompt_t prompt) {
    return el_set(el, EL_PROMPT, prompt);
}
static inline int momentum_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int momentum_el_set_signal(EditLine *el, int flag) {
    return el_set(el, EL_SIGNAL, flag);
}
static inline int momentum_el_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int momentum_el_add_function(EditLine *el, const char *name, const char *help, momentum_el_func_t f) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int momentum_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}
static inline int momentum_el_settty(EditLine *el, const char *a, const char *b) {
    return el_set(el, EL_SETTY, a, b, NULL);
}
/* Where libedit reads each character from (EL_GETCFN): momentum's reader bounds the line. */
static inline int momentum_el_set_getcfn(EditLine *el, el_rfunc_t read_character) {
    return el_set(el, EL_GETCFN, read_character);
}
static inline int momentum_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *momentum_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int momentum_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int momentum_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int momentum_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int momentum_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

static inline int momentum_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}
/* The newest entry (H_FIRST) or the next older one (H_NEXT); NULL past the end. */
static inline const char *momentum_history_step(History *h, int first) {
    HistEvent ev;
    return history(h, &ev, first ? H_FIRST : H_NEXT) == 0 ? ev.str : NULL;
}

#include <sys/ioctl.h>
#include <unistd.h>

/* The width of the terminal on `fd`, or 0 when it is not a terminal or does not say. */
static inline int momentum_terminal_columns(int fd) {
    struct winsize size;
    if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

#endif
