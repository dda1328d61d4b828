/*  node_help: the help text of leadx-node's commands. */

#include "node_help.h"

#include <czmq.h>

//  One command's help: its name as typed, its synopsis and what it does.
typedef struct {
    const char *name;           //  "lead add", "claim", ...
    const char *synopsis;       //  arguments
    const char *help;           //  what it does, lines indented by the printer
} s_help_t;

static const s_help_t s_help [] = {
    { "run", "", "Runs the node daemon in the foreground until SIGINT or SIGTERM." },
    { "start", "", "Runs the daemon in the background; returns once it is up (pid in node/pid_file,\n"
                   "log in node/log_file). The node works offline: the broker need not be up." },
    { "stop", "[--kill]", "Stops the background daemon; returns once it has exited. --kill sends SIGKILL\n"
                          "(a crash: nothing is flushed) instead of SIGTERM." },
    { "keygen", "", "Makes this node's CURVE certificate (node/cert, and node/cert_secret) naming\n"
                    "its district and role. Give the public file to the coordination center." },
    { "lead add", "--investor NAME --project NAME --industry CODES --investment YUAN\n"
                  "         [--uscc CODE] [--summary TEXT] [--tags T,..] [--land MU] [--tax YUAN]\n"
                  "         [--output YUAN] [--type TYPE] [--channel CHANNEL] [--contact NAME]\n"
                  "         [--phone PHONE] [--stage captured|assessing] [--date YYYY-MM-DD]",
      "Registers a lead, prints its id, and says the broker's verdict (a registration\n"
      "naming an investor another district registered first says so). Industry codes are\n"
      "GB/T 4754-2017 (C3841,..);\n"
      "money is whole yuan; --uscc is checked (GB 32100-2015). Types: manufacturing,\n"
      "service, headquarters, tax_source, agriculture, tourism. Channels: own, liaison,\n"
      "association, intermediary." },
    { "lead list", "", "Lists this district's leads, with their stage and lander, and what staff sent\n"
                       "about each that the broker has not yet accepted (pending)." },
    { "lead show", "ID [--json]",
      "Shows one lead as this district holds it: every field it is entitled to (the\n"
      "investor's contact only on its own leads and on leads transferred to it), where its\n"
      "offer went, what is pending, its transfer and split, its progress entries and the\n"
      "notices about it; or an offer routed here, with what judges fit." },
    { "lead edit", "ID [--investor NAME] [--project NAME] [--industry CODES] [--investment YUAN]\n"
                   "         [--uscc CODE] [--summary TEXT] [--tags T,..] [--land MU] [--tax YUAN]\n"
                   "         [--output YUAN] [--type TYPE] [--contact NAME] [--phone PHONE] [--reason TEXT]",
      "Changes one of our leads not yet signed: each option given replaces that field\n"
      "(an empty --summary, --contact or --phone clears it; --industry and --tags replace\n"
      "the whole list). The broker passes the change on to every district holding a copy:\n"
      "the lander with the contact, districts weighing the offer and the center without.\n"
      "Refused while a claim awaits the center's decision. This store shows the change\n"
      "once the broker has it." },
    { "lead withdraw", "ID --reason TEXT",
      "Withdraws one of our leads not yet signed (撤回), for the reason given. Districts\n"
      "weighing its offer, its lander and the center are told; it takes no more claims,\n"
      "decisions or progress. This store shows it withdrawn once the broker has it." },
    { "lead offer", "ID", "Offers one of our leads for transfer; the broker routes it to the best fits." },
    { "offers", "", "Lists the offers routed here, open ones first, best fit first: score, finder,\n"
                    "project, investment, industries, land, the summary's start and the reasons\n"
                    "(lead show ID for the whole offer)." },
    { "claim", "ID", "Claims an open offer. The first claim to reach the broker wins." },
    { "approvals", "", "(center) Lists claims awaiting the center's decision, with the policy split." },
    { "approve", "ID [--split METRIC=BP,..] [--reason TEXT]",
      "(center) Approves a transfer. --split overrides the policy for this transfer\n"
      "(finder's share in basis points) and needs --reason, kept on the record." },
    { "reject", "ID --reason TEXT", "(center) Rejects a transfer, for the reason given; the offer returns to the\n"
                                    "finder, and the claimant and the finder are told why." },
    { "held", "", "Lists progress reports the broker holds for the center: amounts outside the\n"
                  "city's bounds for the lead's planned investment (bounds/ in the broker's\n"
                  "configuration). Held reports are not credited until the center confirms them." },
    { "confirm", "ID [--reject] --reason TEXT",
      "(center) Confirms a held report (it is then credited as reported) or, with --reject,\n"
      "rejects it, for the reason given, kept on the record. The reporter and the finder\n"
      "are told." },
    { "progress", "ID --stage STAGE [--metric METRIC --amount YUAN] [--date YYYY-MM-DD] [--reason TEXT]",
      "Reports progress on a lead landing here. Stages: negotiating, signed, registered,\n"
      "land, started, completed, producing, capacity. Metrics: contract, funds,\n"
      "fixed_asset, output, tax. The date (default today) lies between the lead's\n"
      "registration and today, not before the lead reached an earlier stage, and not in a\n"
      "published month (enter a correction in the open period, with --reason). An amount\n"
      "outside the city's bounds is held for the center (leadx-node held)." },
    { "credit", "[--period 2026-11|2026-Q4|2026] [--entries]",
      "This district's credit per metric: own work, as finder, as lander, the partner's\n"
      "share and the reported whole, checked to add up exactly. --entries lists each\n"
      "reported amount with the finder's and the lander's shares instead. A figure\n"
      "not backed by the broker's signature on the ledger (ledger verify) is marked\n"
      "NOT BACKED, under a warning line." },
    { "conflicts", "", "Lists the register's conflicts this district is party to (the center: all):\n"
                       "a lead of ours naming an investor another district registered first, within\n"
                       "its protection window, or another district's lead naming one of ours. Open\n"
                       "ones first; the center resolves them." },
    { "resolve", "ID keep|transfer|merge|dismiss --reason TEXT",
      "(center) Resolves the conflict of the later lead ID: keep (the first registration\n"
      "keeps the investor; ID is struck off), transfer (the investor goes to ID's district\n"
      "as a transfer of the first registration, whose district keeps the finder's share;\n"
      "ID is struck off), merge (ID is struck off into the first registration, which takes\n"
      "the facts only ID had: credit code, summary, land, tax, output) or dismiss (not the\n"
      "same investor: both stand, ID may be offered)." },
    { "notices", "", "Lists what happened to what this district did or holds: refusals of its\n"
                     "commands, verdicts that came after a command stopped waiting, transfers\n"
                     "rejected, offers returned unclaimed, transfers returned to the pool, leads\n"
                     "flagged for no progress and alerts (the center), leads struck off. Newest first." },
    { "strike", "ID ... --reason TEXT | --due --reason TEXT",
      "(center) Strikes leads off (销号): the ones named, or with --due every lead the\n"
      "monthly review lists at the broker now (leadx-broker review). Their districts are told." },
    { "report", "[--period 2026-11|2026-Q4|2026] [--format table|csv|json|xlsx] [--output FILE [--force]]",
      "This district's assessment report for the period (default this month), computed\n"
      "from its own ledger exactly as the broker computes it (leadx-broker report):\n"
      "credit per metric (own work, transferred out as finder, transferred in as lander),\n"
      "projects by planned investment (shares of a project), the manufacturing share of\n"
      "funds in place against node/manufacturing_target_bp, and the signing, start,\n"
      "landing and funds-in-place rates. xlsx needs --output. The file is written\n"
      "whole beside FILE, then renamed onto it; an existing FILE is replaced only with\n"
      "--force (else: exit 1, nothing changed). When the ledger is not wholly backed\n"
      "by the broker's signature (ledger verify), the report's titles say NOT BACKED\n"
      "and a warning goes to standard error." },
    { "ledger verify", "",
      "Verifies this district's credit ledger: every entry chained to the one before by\n"
      "its hash, as the broker's copy has it. Names the first entry changed, inserted or\n"
      "deleted behind the node's back and exits 1. Then checks, with the broker's public\n"
      "signing key (node/broker_sign), the broker's signature kept with every entry: a\n"
      "good one on the last entry backs the whole chain; a chain re-hashed after the\n"
      "fact (other amounts) is good as a chain but NOT BACKED, and exits 1. Needs only\n"
      "the store and that key: no daemon, no broker. `reconcile` compares the chain,\n"
      "entry by entry, with the broker's." },
    { "sync", "[--timeout SECONDS]",
      "Waits until the broker has acknowledged everything sent from here and this node\n"
      "has applied everything the broker has for it (default timeout 10 s)." },
    { "reconcile", "[--timeout SECONDS] [--json]",
      "Syncs, then compares this node's record with the broker's, section by section:\n"
      "messages sent, rejections, events applied, own leads, the stage and lander of\n"
      "every lead found or landed here, transfers, credit entries, the ledger chain.\n"
      "Exits 1 on any difference. The broker keeps the result (leadx-broker reconcile)." },
    { "rebuild", "[--timeout SECONDS]",
      "With the daemon stopped: rebuilds this store from the broker's record of this\n"
      "district, when it went back in time (restored from a backup), was lost, or went its\n"
      "own way (a copied directory); the daemon halts and names this command then. Takes\n"
      "back every message of ours the broker holds, then every event after what the store\n"
      "applied, reconciles, and prints the counts. A store that cannot be opened is moved\n"
      "aside first. Commands made here that the broker never accepted are listed, to be\n"
      "entered again. Exits 0 when the rebuilt record equals the broker's." },
};

int
node_help_print (FILE *out, const char *command)
{
    size_t count = sizeof s_help / sizeof s_help [0];
    if (!command) {
        fprintf (out, "usage: leadx-node COMMAND [ARGS] -c FILE [--json]\n\n");
        for (size_t index = 0; index < count; index++)
            fprintf (out, "  %s %s\n", s_help [index].name, s_help [index].synopsis);
        fprintf (out, "\n  -c, --config FILE   the node's configuration\n"
                      "  --json              listings as JSON\n"
                      "  -h, --help          this help; COMMAND --help for one command's\n"
                      "\n  A command that goes to the broker (lead add, offer, edit, withdraw, claim,\n"
                      "  approve, reject, progress, resolve, strike) waits up to node/verdict_ms (or\n"
                      "  --timeout seconds) for the broker's verdict and says it. Exit status: 0\n"
                      "  accepted, 1 refused (with the broker's reason) or failed, 2 usage, 3 queued\n"
                      "  and not yet accepted (the daemon or the broker unreachable; the verdict\n"
                      "  comes to `notices`).\n");
        return 0;
    }
    for (size_t index = 0; index < count; index++) {
        if (!streq (s_help [index].name, command))
            continue;
        fprintf (out, "usage: leadx-node %s %s -c FILE\n\n  ", command, s_help [index].synopsis);
        for (const char *at = s_help [index].help; *at; at++)
            fprintf (out, *at == '\n'? "\n  ": "%c", *at);
        fprintf (out, "\n");
        return 0;
    }
    return -1;
}
