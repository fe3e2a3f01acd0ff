/* menu.h: the numbered menu a student drives from the terminal. */
#ifndef MT_MENU_H
#define MT_MENU_H

#include "cmd.h"

/* Shows the menu and runs choices until the user quits (0) or input ends
 * (Ctrl-D at any prompt). Bad input is explained and asked again. Returns 0. */
int menu_run(struct session *s);

#endif
