/* SPDX-License-Identifier: MIT */
/* renacerctl's subcommands; each returns the process exit code. */
#ifndef RENACER_COMMANDS_H
#define RENACER_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_sessions(int argc, char **argv);
int cmd_golden(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_reload(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
