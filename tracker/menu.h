/* menu.h: the numbered menu a student drives from the terminal. */
#ifndef MT_MENU_H
#define MT_MENU_H

#include "cmd.h"

/* Shows the menu once, then runs choices asked at a one-line prompt (m shows
 * the menu again) until the user quits (0 or q) or input ends (Ctrl-D at any
 * prompt). Bad input is explained and asked again; an empty line or b at a
 * value prompt goes back to the menu with nothing done, except that Enter at
 * a setting's prompt keeps its current value. Every line printed, results
 * included, fits in 80 columns. Returns 0. */
int menu_run(struct session *s);

#endif
