/*
 * tests/docs/xs_status_doc.c: the start of docs/xenstore.md's status-table row for each of the
 * XenStore client's own statuses, printed from XSHIM_XS_STATUSES (shim/include/xshim_xenstore.h):
 * "| `XSHIM_S_XS_NO_STORE` | no-store |". tests/docs/check_xenstore.sh looks for every row, so
 * a status added or renamed without its row fails make test-docs.
 */
#include <xshim_xenstore.h>

#include <stdio.h>

int main(void) {
#define ROW_(name, value, text) printf("| `XSHIM_S_XS_" #name "` | %s |\n", text);
    XSHIM_XS_STATUSES(ROW_)
#undef ROW_
    return 0;
}
