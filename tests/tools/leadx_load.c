/*  leadx-load: a test tool that queues a known stream of work at one node.

    leadx-load -c NODE_CFG --leads N --reports K [--batch B] [--offer]

    Registers N leads of the node's own (as `leadx-node lead add` does) and
    K progress reports with amounts on each (as `leadx-node progress`
    does: the first a signing with a contract amount, the others funds in
    place), through the same store calls as the staff commands, B messages
    to a transaction, poking the daemon after each. With --offer each lead
    is also offered for transfer (as `leadx-node lead offer`), so the broker
    routes it to the districts it fits. The amounts are a fixed
    function of the lead and report numbers, so a test knows exactly what
    must arrive. Prints one line with the totals to expect:
        leads=N messages=M contract=YUAN funds=YUAN count=UNITS
    Exit 0, or 1 with a reason.
*/

#include "node_agent.h"
#include "node_store.h"
#include "test_names.h"
#include "lx_cfg.h"
#include "lx_clock.h"
#include "lx_domain.h"
#include "lx_lead.h"

#include <getopt.h>

//  The amount of report k (1..) on lead i (1..): spread, never zero.
static int64_t
s_amount (int64_t lead, int64_t report)
{
    return (int64_t) (((uint64_t) lead * 2654435761u + (uint64_t) report * 40503u) % 999999937u) + 1;
}

int
main (int argc, char *argv [])
{
    static struct option options [] = {
        { "config", required_argument, NULL, 'c' }, { "leads", required_argument, NULL, 'l' },
        { "reports", required_argument, NULL, 'r' }, { "batch", required_argument, NULL, 'b' },
        { "offer", no_argument, NULL, 'o' },
        { NULL, 0, NULL, 0 }
    };
    const char *config_file = NULL;
    int64_t leads = 0, reports = 0, batch = 100;
    bool offer = false;
    int option;
    while ((option = getopt_long (argc, argv, "c:", options, NULL)) != -1) {
        bool bad = false;
        if (option == 'c') config_file = optarg;
        else if (option == 'l') bad = lx_cfg_parse_int (optarg, 1, 1000000, &leads) != 0;
        else if (option == 'r') bad = lx_cfg_parse_int (optarg, 0, 1000, &reports) != 0;
        else if (option == 'b') bad = lx_cfg_parse_int (optarg, 1, 100000, &batch) != 0;
        else if (option == 'o') offer = true;
        else bad = true;
        if (bad) {
            fprintf (stderr, "usage: leadx-load -c NODE_CFG --leads N --reports K [--batch B] [--offer]\n");
            return 1;
        }
    }
    if (!config_file || leads == 0) {
        fprintf (stderr, "leadx-load: needs -c NODE_CFG and --leads N\n");
        return 1;
    }
    char error [256];
    zconfig_t *config = lx_cfg_load (config_file, error, sizeof error);
    if (!config) {
        fprintf (stderr, "leadx-load: %s\n", error);
        return 1;
    }
    const char *node = lx_cfg_str (config, "node/id", "");
    char *path = lx_cfg_path (config_file, lx_cfg_str (config, "node/store", "node.db"));
    node_store_t *store = node_store_new (path, error, sizeof error);
    free (path);
    if (!store) {
        fprintf (stderr, "leadx-load: %s\n", error);
        zconfig_destroy (&config);
        return 1;
    }
    lx_store_t *db = node_store_db (store);
    char today [11];
    lx_clock_date (zclock_time (), today);
    int64_t contract = 0, funds = 0, messages = 0, pending = 0;
    int rc = lx_store_begin (db);
    for (int64_t index = 1; index <= leads && rc == 0; index++) {
        lx_lead_t *lead = lx_lead_new ();
        char text [64];
        test_names_investor (node, index, text, sizeof text);
        lx_lead_set (&lead->investor, text);
        snprintf (text, sizeof text, "负载项目%06" PRId64, index);
        lx_lead_set (&lead->project, text);
        lx_lead_set (&lead->found, today);
        lx_lead_set_industries_csv (lead, "C3841");
        //  Large enough that the reports' amounts (below 10^9 each) are
        //  plausible against the city's bounds (3 times the planned
        //  investment, in all), however many reports a lead gets.
        lead->investment = INT64_C (100000000000) + index;
        lx_error_t failure;
        rc = node_store_lead_add (store, node, lead, &failure) > 0? 0: -1;
        if (rc)
            fprintf (stderr, "leadx-load: lead %" PRId64 ": %s\n", index, failure.reason);
        pending++;
        if (rc == 0 && offer) {
            lx_msg_t *msg = lx_msg_new (LX_CMD_OFFER);
            lx_msg_set_str (msg, LX_F_LEAD, lead->id);
            rc = node_store_outbox_add (store, node, msg) > 0? 0: -1;
            lx_msg_destroy (&msg);
            pending++;
        }
        for (int64_t report = 1; report <= reports && rc == 0; report++) {
            int64_t amount = s_amount (index, report);
            lx_msg_t *msg = lx_msg_new (LX_CMD_PROGRESS);
            lx_msg_set_str (msg, LX_F_LEAD, lead->id);
            lx_msg_set_str (msg, LX_F_STAGE, "signed");
            lx_msg_set_str (msg, LX_F_DATE, today);
            lx_msg_set_str (msg, LX_F_METRIC, report == 1? "contract": "funds");
            lx_msg_set_int (msg, LX_F_AMOUNT, amount);
            rc = node_store_outbox_add (store, node, msg) > 0? 0: -1;
            lx_msg_destroy (&msg);
            *(report == 1? &contract: &funds) += amount;
            pending++;
        }
        lx_lead_destroy (&lead);
        if (rc == 0 && (pending >= batch || index == leads)) {
            rc = lx_store_commit (db);
            if (rc == 0) {
                messages += pending;
                pending = 0;
                node_agent_poke (store);
                if (index < leads)
                    rc = lx_store_begin (db);
            }
        }
    }
    if (rc) {
        fprintf (stderr, "leadx-load: store: %s\n", lx_store_error (db));
        lx_store_rollback (db);
    }
    else
        printf ("leads=%" PRId64 " messages=%" PRId64 " contract=%" PRId64 " funds=%" PRId64
                " count=%" PRId64 "\n", leads, messages, contract, funds, reports > 0? leads * 10000: 0);
    node_store_destroy (&store);
    zconfig_destroy (&config);
    return rc? 1: 0;
}
