/* pg.c - the TM on a PostgreSQL server. */
#include "tm_int.h"

int tm_pg_open(bitext_tm *tm, const char *uri, bitext_error *err)
{
    (void)tm;
    (void)uri;
    return bitext_fail(err, BITEXT_EINVAL,
                       "this bitext was built without PostgreSQL support (rebuild with libpq-dev "
                       "installed: meson setup -Dpostgresql=enabled)");
}
