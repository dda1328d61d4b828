/*  leadx-selftest: runs the selftest of one class, or of all of them.

    Usage: leadx-selftest [-v] [CLASS ...]
    ctest runs each class as its own test so a failure names the class.
*/

#include "lx_cfg.h"
#include "lx_chain.h"
#include "lx_checkpoint.h"
#include "lx_clock.h"
#include "lx_daemon.h"
#include "lx_digest.h"
#include "lx_digest_worker.h"
#include "lx_domain.h"
#include "lx_fdlimit.h"
#include "lx_keys.h"
#include "lx_lead.h"
#include "lx_ledger.h"
#include "lx_lock.h"
#include "lx_monitor.h"
#include "lx_msg.h"
#include "lx_name.h"
#include "lx_outfile.h"
#include "lx_proto.h"
#include "lx_sign.h"
#include "lx_sheet.h"
#include "lx_report.h"
#include "lx_split.h"
#include "lx_store.h"
#include "lx_table.h"
#include "lx_text.h"
#include "lx_valid.h"
#include "broker_fixture.h"
#include "broker_logic.h"
#include "broker_match.h"
#include "broker_policy.h"
#include "broker_profile.h"
#include "broker_register.h"
#include "broker_report.h"
#include "broker_timers.h"
#include "broker_bounds.h"
#include "broker_quota.h"
#include "broker_store.h"
#include "broker_server.h"
#include "test_names.h"
#ifdef LEADX_WITH_NODE
#include "node_store.h"
#include "node_agent.h"
#include "node_cli.h"
#include "node_ctl.h"
#include "node_report.h"
#include "node_register.h"
#include "node_verdict.h"
#include "node_rebuild.h"
#include "node_show.h"
#endif

//  One class's selftest.
typedef struct {
    const char *name;           //  class name, as given on the command line
    void (*test) (bool verbose);    //  its selftest; asserts on failure
} s_test_t;

static const s_test_t s_tests [] = {
    { "lx_valid", lx_valid_test },
    { "lx_domain", lx_domain_test },
    { "lx_daemon", lx_daemon_test },
    { "lx_fdlimit", lx_fdlimit_test },
    { "lx_lock", lx_lock_test },
    { "lx_monitor", lx_monitor_test },
    { "lx_digest", lx_digest_test },
    { "lx_digest_worker", lx_digest_worker_test },
    { "lx_chain", lx_chain_test },
    { "lx_ledger", lx_ledger_test },
    { "lx_sign", lx_sign_test },
    { "lx_split", lx_split_test },
    { "lx_proto", lx_proto_test },
    { "lx_report", lx_report_test },
    { "lx_msg", lx_msg_test },
    { "lx_keys", lx_keys_test },
    { "lx_lead", lx_lead_test },
    { "lx_name", lx_name_test },
    { "lx_store", lx_store_test },
    { "lx_checkpoint", lx_checkpoint_test },
    { "lx_table", lx_table_test },
    { "lx_outfile", lx_outfile_test },
    { "lx_sheet", lx_sheet_test },
    { "lx_text", lx_text_test },
    { "lx_clock", lx_clock_test },
    { "lx_cfg", lx_cfg_test },
    { "broker_profile", broker_profile_test },
    { "broker_match", broker_match_test },
    { "broker_policy", broker_policy_test },
    { "broker_register", broker_register_test },
    { "broker_timers", broker_timers_test },
    { "broker_bounds", broker_bounds_test },
    { "broker_quota", broker_quota_test },
    { "broker_report", broker_report_test },
    { "broker_store", broker_store_test },
    { "broker_fixture", broker_fixture_test },
    { "broker_logic", broker_logic_test },
    { "broker_logic_bounds", broker_logic_bounds_test },
    { "broker_logic_rules", broker_logic_rules_test },
    { "broker_logic_credit", broker_logic_credit_test },
    { "broker_server", broker_server_test },
    { "test_names", test_names_test },
#ifdef LEADX_WITH_NODE
    { "node_store", node_store_test },
    { "node_agent", node_agent_test },
    { "node_cli", node_cli_test },
    { "node_report", node_report_test },
    { "node_ctl", node_ctl_test },
    { "node_register", node_register_test },
    { "node_verdict", node_verdict_test },
    { "node_rebuild", node_rebuild_test },
    { "node_show", node_show_test },
#endif
};

int
main (int argc, char *argv [])
{
    bool verbose = false;
    int first = 1;
    if (argc > 1 && streq (argv [1], "-v")) {
        verbose = true;
        first = 2;
    }
    if (lx_store_setup ()) {
        fprintf (stderr, "leadx-selftest: cannot set SQLite's options\n");
        return 1;
    }
    size_t count = sizeof s_tests / sizeof s_tests [0];
    int ran = 0;
    for (size_t index = 0; index < count; index++) {
        bool wanted = first >= argc;
        for (int arg = first; arg < argc; arg++)
            if (streq (argv [arg], s_tests [index].name))
                wanted = true;
        if (!wanted)
            continue;
        printf (" * %s\n", s_tests [index].name);
        s_tests [index].test (verbose);
        ran++;
    }
    if (ran == 0) {
        fprintf (stderr, "leadx-selftest: no such class\n");
        return 1;
    }
    return 0;
}
