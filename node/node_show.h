/*  node_show: `leadx-node lead show ID` and `leadx-node offers`, what a
    district sees of a lead.

    A lead this district found or lands shows every field it holds, the
    investor's contact among them (a district holds the contact only where
    it is entitled to it: its own leads, and leads transferred to it once
    the center approved), with where its offer went, what staff sent that
    the broker has not yet accepted, its transfer and split, its progress
    entries with their shares, and the refusals and notices about it. An
    offer routed here shows what a district needs to judge fit: the
    project, the investor, the summary, the industries, the planned
    investment and land, the type, the score and the reasons; never the
    contact.
*/
#ifndef NODE_SHOW_H_INCLUDED
#define NODE_SHOW_H_INCLUDED

#include "node_store.h"

#include <stdbool.h>
#include <stdio.h>

//  Prints lead id as this district holds it on out (a record, or JSON).
//  Returns 0, 1 when no lead or offer of that id is held here (nothing
//  printed), -1 when the store failed.
int node_show_lead (node_store_t *store, const char *id, bool json, FILE *out);

//  Lists the offers routed here, open ones first, best fit first, with
//  what judges fit (the summary cut to a line). Returns 0 or -1.
int node_show_offers (node_store_t *store, bool json, FILE *out);

//  Self test.
void node_show_test (bool verbose);

#endif
