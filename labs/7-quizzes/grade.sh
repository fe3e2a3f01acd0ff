#!/bin/sh
# grade.sh: grades every sheet handed back in sheets/ with memtrack quiz
# check. The whole report (each answer that was not right, with the key and
# why) goes to report.txt, one score line a student to scores.txt and the
# terminal. Exits as quiz check does: 1 when a sheet could not be graded.
memtrack quiz check sheets/*.txt >report.txt
status=$?
grep -E ': [0-9]+ of [0-9]+ right$' report.txt | sed 's|^sheets/||' >scores.txt
cat scores.txt
exit $status
