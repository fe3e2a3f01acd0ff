/* version.h: the release both programs report with --version. */
#ifndef MT_VERSION_H
#define MT_VERSION_H

#define MT_VERSION "0.1.0"

#endif
