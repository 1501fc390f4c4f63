/**
 * output.h - the one way bitext writes a file (TMX, XLIFF, TSV, beads, reports).
 *
 * What happens depends on what the target is:
 *   "-"                  standard output, written directly;
 *   a character device   written in place (/dev/null, /dev/stdout, a terminal), never
 *   or a FIFO            replaced by a regular file;
 *   a regular file or    a temporary file beside it is written and renamed over it at
 *   a new name           bitext_output_commit, so readers see the old or the new file,
 *                        never half of one; an existing file keeps its permission bits
 *                        (and owner, where the process may set it); a new file is made
 *                        0666 & ~umask;
 *   a symbolic link      followed as cp(1) does: the file it points to is replaced (the
 *                        link stays a link); a link to nothing is refused.
 * Paths listed in the options' protect list (the TM) are never valid targets, nor are their
 * SQLite side files (-wal, -shm, -journal): the same inode, or the same name once links and
 * "." / ".." are resolved, is BITEXT_EINVAL.  A directory is BITEXT_EINVAL too.
 */
#ifndef BITEXT_OUTPUT_H
#define BITEXT_OUTPUT_H

#include <stdio.h>

#include "common.h"
#include "error.h"

#define BITEXT_OUTPUT_OPTIONS_VERSION 1
typedef struct {
    unsigned int version;
    const char *const *protect; /* NULL-terminated paths that must not be written, or NULL */
} bitext_output_options;
#define BITEXT_OUTPUT_OPTIONS_INIT { BITEXT_OUTPUT_OPTIONS_VERSION, NULL }

typedef struct bitext_output bitext_output;

/**
 * Opens path for writing as described above.  Errors: BITEXT_EINVAL (a protected file, a
 * directory, a dangling link), BITEXT_EIO (cannot create the file).  The output belongs to
 * the caller: bitext_output_commit, then bitext_output_free.
 */
BITEXT_API int bitext_output_open(bitext_output **out, const char *path,
                                  const bitext_output_options *opts, bitext_error *err);

/** The stream to write to (borrowed; valid until commit or free). */
BITEXT_API FILE *bitext_output_file(bitext_output *o);

/** The name given to bitext_output_open ("-" for standard output), for messages. */
BITEXT_API const char *bitext_output_name(const bitext_output *o);

/**
 * Flushes and syncs the stream and moves the temporary file into place.  A write error seen
 * at any time before (a full disk, /dev/full) is reported here as BITEXT_EIO naming the file,
 * and the target is left as it was.  Calling it twice is an error (BITEXT_EINVAL).
 */
BITEXT_API int bitext_output_commit(bitext_output *o, bitext_error *err);

/** Frees the output; an uncommitted temporary file is removed.  Accepts NULL. */
BITEXT_API void bitext_output_free(bitext_output *o);

#endif
