/*  lx_digest_worker: computes reconciliation digests off the caller's
    thread. */

#include "lx_digest_worker.h"
#include "lx_digest.h"
#include "lx_store.h"

//  Rows a computation folds in its turn before the worker looks at its
//  pipe again and the next computation has its turn: a new request waits
//  for its snapshot at most about this long (256 rows are a fraction of a
//  millisecond of digesting; looking at the pipe costs a microsecond).
#define S_SLICE_ROWS 256

//  Connections kept open between computations; more are opened while more
//  run at once, and closed after.
#define S_IDLE_MAX 2

//  ms a request waits for the worker to say its snapshot is open.
#define S_OPEN_TIMEOUT_MS 10000

struct _lx_digest_worker_t {
    zactor_t *actor;            //  the worker; its pipe carries requests and the snapshots' answers
    zsock_t *answers;           //  where the digests arrive
};

//  What the actor starts with; it copies what it keeps before it signals.
typedef struct {
    const char *path;           //  the store
    const char *const *queries; //  one per section
    zsock_t *answers;           //  the sending end of the answers' pipe, which the actor takes
} s_args_t;

//  One computation under way.
typedef struct {
    char token [24];            //  the caller's token, as the request gave it
    char *node;                 //  whose digests
    char challenge [LX_DIGEST_CHALLENGE_SIZE];  //  their key, "" for none
    lx_store_t *db;             //  the connection holding its snapshot
    int section;                //  index of the section being digested
    lx_digest_t *digest;        //  that section's digest so far, NULL before it starts
    sqlite3_stmt *stmt;         //  that section's query, stepping; NULL before it starts
    zlistx_t *lines;            //  the lines of the sections done
} s_job_t;

//  The actor's state, on its thread.
typedef struct {
    zsock_t *pipe;              //  requests in, the snapshots' answers out
    zsock_t *answers;           //  digests out
    char *path;                 //  the store
    const char *const *queries; //  one per section
    zlistx_t *jobs;             //  s_job_t under way, in the order of their turns
    zlistx_t *idle;             //  lx_store_t: open connections with no transaction
    bool terminated;            //  $TERM received
} s_worker_t;

//  Gives back a connection whose transaction has ended (kept open for the
//  next computation, or closed when enough are), or closes one whose
//  transaction could not end. Nulls *db_p.
static void
s_release (s_worker_t *self, lx_store_t **db_p, bool clean)
{
    if (*db_p && clean && zlistx_size (self->idle) < S_IDLE_MAX) {
        zlistx_add_end (self->idle, *db_p);
        *db_p = NULL;
    }
    lx_store_destroy (db_p);
}

//  Ends a computation: its statement stops, its read transaction ends and
//  its connection is given back. Frees the job and nulls *job_p.
static void
s_job_end (s_worker_t *self, s_job_t **job_p)
{
    s_job_t *job = *job_p;
    if (job->stmt)
        sqlite3_reset (job->stmt);
    bool clean = lx_store_commit (job->db) == 0;
    if (!clean)
        zsys_warning ("digest worker: cannot end a read: %s", lx_store_error (job->db));
    s_release (self, &job->db, clean);
    lx_digest_destroy (&job->digest);
    zlistx_destroy (&job->lines);
    free (job->node);
    free (job);
    *job_p = NULL;
}

//  A request: opens a snapshot on a free connection (or a new one) and
//  says so on the pipe, with "" or why it could not; the computation then
//  waits for its turns.
static void
s_on_digest (s_worker_t *self, const char *node, const char *challenge, const char *token)
{
    char error [300] = "";
    lx_store_t *db = (lx_store_t *) zlistx_first (self->idle);
    if (db)
        zlistx_detach_cur (self->idle);
    else
        db = lx_store_new_reader (self->path, error, sizeof error);
    if (db && lx_store_begin_read (db)) {
        snprintf (error, sizeof error, "%s", lx_store_error (db));
        lx_store_destroy (&db);
    }
    if (!db) {
        zstr_sendx (self->pipe, token, *error? error: "cannot open the store", NULL);
        return;
    }
    s_job_t *job = (s_job_t *) zmalloc (sizeof (s_job_t));
    assert (job);
    snprintf (job->token, sizeof job->token, "%s", token);
    job->node = strdup (node);
    snprintf (job->challenge, sizeof job->challenge, "%s", challenge);
    job->db = db;
    job->lines = zlistx_new ();
    assert (job->node && job->lines);
    zlistx_set_destructor (job->lines, (zlistx_destructor_fn *) zstr_free);
    zlistx_add_end (self->jobs, job);
    zstr_sendx (self->pipe, token, "", NULL);
}

//  Takes one command from the pipe, waiting for it: DIGEST NODE CHALLENGE
//  TOKEN (CHALLENGE "" for unkeyed), or $TERM.
static void
s_on_pipe (s_worker_t *self)
{
    zmsg_t *request = zmsg_recv (self->pipe);
    char *command = request? zmsg_popstr (request): NULL;
    char *node = request? zmsg_popstr (request): NULL;
    char *challenge = request? zmsg_popstr (request): NULL;
    char *token = request? zmsg_popstr (request): NULL;
    if (!command || streq (command, "$TERM"))
        self->terminated = true;
    else
    if (streq (command, "DIGEST") && node && challenge && token)
        s_on_digest (self, node, challenge, token);
    else
        zsys_error ("digest worker: unknown request %s", command);
    zstr_free (&command);
    zstr_free (&node);
    zstr_free (&challenge);
    zstr_free (&token);
    zmsg_destroy (&request);
}

//  Sends a computation's answer: TOKEN OK LINE..., or TOKEN FAILED REASON.
static void
s_answer (s_worker_t *self, s_job_t *job, bool done)
{
    zmsg_t *answer = zmsg_new ();
    assert (answer);
    zmsg_addstr (answer, job->token);
    if (done) {
        zmsg_addstr (answer, "OK");
        for (const char *line = (const char *) zlistx_first (job->lines); line;
             line = (const char *) zlistx_next (job->lines))
            zmsg_addstr (answer, line);
    }
    else {
        zmsg_addstr (answer, "FAILED");
        zmsg_addstrf (answer, "%s: %s", lx_digest_sections [job->section], lx_store_error (job->db));
    }
    if (zmsg_send (&answer, self->answers))
        zmsg_destroy (&answer);
}

//  One turn of a computation: up to S_SLICE_ROWS rows of its section, and
//  the next section's start when one ends. Returns 1 while it has more to
//  do, 0 when done, -1 on a store error.
static int
s_turn (s_job_t *job, const char *const *queries)
{
    if (!job->stmt) {
        job->digest = lx_digest_new (lx_digest_sections [job->section], *job->challenge? job->challenge: NULL);
        job->stmt = job->digest? lx_store_query (job->db, queries [job->section], "t", job->node): NULL;
        if (!job->stmt)
            return -1;
    }
    int rc = lx_digest_fold (job->digest, job->db, job->stmt, S_SLICE_ROWS);
    if (rc != 0) {
        if (rc < 0)
            job->stmt = NULL;   //  reset by the failed step
        return rc;
    }
    job->stmt = NULL;           //  done, and reset
    zlistx_add_end (job->lines, strdup (lx_digest_line (job->digest)));
    lx_digest_destroy (&job->digest);
    job->section++;
    return job->section < LX_DIGEST_SECTION_COUNT? 1: 0;
}

//  The first computation in line has its turn; it goes to the end of the
//  line, or is answered and ended.
static void
s_next_turn (s_worker_t *self)
{
    void *handle = zlistx_first (self->jobs)? zlistx_cursor (self->jobs): NULL;
    assert (handle);
    s_job_t *job = (s_job_t *) zlistx_handle_item (handle);
    int rc = s_turn (job, self->queries);
    if (rc == 1) {
        zlistx_move_end (self->jobs, handle);
        return;
    }
    s_answer (self, job, rc == 0);
    zlistx_detach (self->jobs, handle);
    s_job_end (self, &job);
}

//  The actor. args is an s_args_t. Answers its start with "" or why it
//  cannot read the store (then ends); then serves requests until $TERM.
static void
s_actor (zsock_t *pipe, void *args)
{
    s_args_t *start = (s_args_t *) args;
    s_worker_t self;
    memset (&self, 0, sizeof self);
    self.pipe = pipe;
    self.answers = start->answers;
    self.path = strdup (start->path);
    self.queries = start->queries;
    self.jobs = zlistx_new ();
    self.idle = zlistx_new ();
    assert (self.path && self.jobs && self.idle);
    zsock_signal (pipe, 0);
    //  One connection from the start: a store that cannot be read is said
    //  at once, not at the first reconciliation. A first read parses the
    //  schema now, rather than while the first request waits for its
    //  snapshot.
    char error [300] = "";
    lx_store_t *db = lx_store_new_reader (self.path, error, sizeof error);
    if (db && (lx_store_begin_read (db) || lx_store_commit (db))) {
        snprintf (error, sizeof error, "%s: %s", self.path, lx_store_error (db));
        lx_store_destroy (&db);
    }
    zstr_send (pipe, db? "": error);
    if (db)
        zlistx_add_end (self.idle, db);
    else
        self.terminated = true;
    //  Requests first, between any two turns: each waits for its snapshot.
    while (!self.terminated) {
        if (zlistx_size (self.jobs) == 0 || (zsock_events (pipe) & ZMQ_POLLIN))
            s_on_pipe (&self);
        else
            s_next_turn (&self);
    }
    for (s_job_t *job = (s_job_t *) zlistx_first (self.jobs); job; job = (s_job_t *) zlistx_first (self.jobs)) {
        zlistx_detach_cur (self.jobs);
        s_job_end (&self, &job);
    }
    zlistx_destroy (&self.jobs);
    for (db = (lx_store_t *) zlistx_first (self.idle); db; db = (lx_store_t *) zlistx_next (self.idle))
        lx_store_destroy (&db);
    zlistx_destroy (&self.idle);
    zsock_destroy (&self.answers);
    free (self.path);
}

lx_digest_worker_t *
lx_digest_worker_new (const char *path, const char *const *queries, char *error, size_t error_size)
{
    assert (path && queries);
    lx_digest_worker_t *self = (lx_digest_worker_t *) zmalloc (sizeof (lx_digest_worker_t));
    if (!self)
        return NULL;
    zsock_t *sending = NULL;
    self->answers = zsys_create_pipe (&sending);
    s_args_t args = { path, queries, sending };
    self->actor = self->answers? zactor_new (s_actor, &args): NULL;
    char *started = self->actor? zstr_recv (self->actor): NULL;
    if (!started || *started) {
        if (error)
            snprintf (error, error_size, "digest worker: %s", started? started: "cannot start");
        zstr_free (&started);
        if (!self->actor)
            zsock_destroy (&sending);       //  else the actor took it
        lx_digest_worker_destroy (&self);
        return NULL;
    }
    zstr_free (&started);
    return self;
}

void
lx_digest_worker_destroy (lx_digest_worker_t **self_p)
{
    assert (self_p);
    lx_digest_worker_t *self = *self_p;
    if (self) {
        zactor_destroy (&self->actor);
        zsock_destroy (&self->answers);
        free (self);
        *self_p = NULL;
    }
}

zsock_t *
lx_digest_worker_sock (lx_digest_worker_t *self)
{
    assert (self);
    return self->answers;
}

int
lx_digest_worker_request (lx_digest_worker_t *self, const char *node, const char *challenge, int64_t token,
                          char *error, size_t error_size)
{
    assert (self && node && error);
    assert (!challenge || lx_digest_challenge_valid (challenge));
    char mine [24];
    snprintf (mine, sizeof mine, "%" PRId64, token);
    if (zstr_sendx (self->actor, "DIGEST", node, challenge? challenge: "", mine, NULL)) {
        snprintf (error, error_size, "the digest worker takes no request");
        return -1;
    }
    //  Answers to requests given up on before come first; they are dropped.
    int64_t deadline = zclock_mono () + S_OPEN_TIMEOUT_MS;
    while (true) {
        int64_t wait = deadline - zclock_mono ();
        zsock_set_rcvtimeo (self->actor, (int) (wait > 0? wait: 0));
        char *answered = NULL, *reason = NULL;
        int parts = zstr_recvx (self->actor, &answered, &reason, NULL);
        zsock_set_rcvtimeo (self->actor, -1);
        bool ours = parts == 2 && streq (answered, mine);
        if (ours && *reason)
            snprintf (error, error_size, "%s", reason);
        else
        if (parts < 0)
            snprintf (error, error_size, "the digest worker did not open a snapshot within %d ms",
                      S_OPEN_TIMEOUT_MS);
        int rc = ours && !*reason? 0: -1;
        zstr_free (&answered);
        zstr_free (&reason);
        if (ours || parts < 0)
            return rc;
    }
}

int
lx_digest_worker_recv (lx_digest_worker_t *self, int64_t *token, zlistx_t **lines_p,
                       char *error, size_t error_size)
{
    assert (self && token && lines_p && error);
    *lines_p = NULL;
    zmsg_t *answer = zmsg_recv (self->answers);
    char *number = answer? zmsg_popstr (answer): NULL;
    char *status = answer? zmsg_popstr (answer): NULL;
    int rc = -1;
    if (number && status) {
        *token = strtoll (number, NULL, 10);
        if (streq (status, "OK")) {
            zlistx_t *lines = zlistx_new ();
            assert (lines);
            zlistx_set_destructor (lines, (zlistx_destructor_fn *) zstr_free);
            for (char *line = zmsg_popstr (answer); line; line = zmsg_popstr (answer))
                zlistx_add_end (lines, line);
            //  After the lines are in: the list takes them as they are.
            zlistx_set_duplicator (lines, (zlistx_duplicator_fn *) strdup);
            *lines_p = lines;
            rc = 0;
        }
        else {
            char *reason = zmsg_popstr (answer);
            snprintf (error, error_size, "%s", reason? reason: "no reason given");
            zstr_free (&reason);
            rc = 1;
        }
    }
    zstr_free (&number);
    zstr_free (&status);
    zmsg_destroy (&answer);
    return rc;
}

//  --------------------------------------------------------------------------
//  Selftest

//  Adds count rows for node, numbered from first, in one transaction.
static void
s_test_rows (lx_store_t *store, const char *node, int64_t first, int64_t count)
{
    uint8_t body [100];
    memset (body, 'x', sizeof body);
    assert (lx_store_begin (store) == 0);
    for (int64_t seq = first; seq < first + count; seq++)
        assert (lx_store_exec (store, "INSERT INTO row (node, seq, body) VALUES (?, ?, ?)", "tib",
                               node, seq, body, sizeof body) == 0);
    assert (lx_store_commit (store) == 0);
}

//  Whether two lists of lines are the same lines in the same order.
static bool
s_test_same (zlistx_t *one, zlistx_t *two)
{
    if (zlistx_size (one) != zlistx_size (two))
        return false;
    const char *left = (const char *) zlistx_first (one);
    const char *right = (const char *) zlistx_first (two);
    for (; left && right; left = (const char *) zlistx_next (one), right = (const char *) zlistx_next (two))
        if (!streq (left, right))
            return false;
    return true;
}

//  Takes the next answer within 60 s; asserts it comes and is for token.
//  Returns its lines (the caller's), or NULL when it says the computation
//  failed (the reason in error).
static zlistx_t *
s_test_answer (lx_digest_worker_t *worker, int64_t token, char *error, size_t error_size)
{
    zpoller_t *poller = zpoller_new (lx_digest_worker_sock (worker), NULL);
    assert (zpoller_wait (poller, 60000) == lx_digest_worker_sock (worker));
    zpoller_destroy (&poller);
    int64_t answered = -1;
    zlistx_t *lines = NULL;
    int rc = lx_digest_worker_recv (worker, &answered, &lines, error, error_size);
    assert (rc >= 0 && answered == token);
    assert ((rc == 0) == (lines != NULL));
    return lines;
}

void
lx_digest_worker_test (bool verbose)
{
    (void) verbose;
    char dir [] = "/tmp/lx_digest_worker_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/test.db", dir);
    const char *schema [] = { "CREATE TABLE row (node TEXT NOT NULL, seq INTEGER NOT NULL, body BLOB,"
                              " PRIMARY KEY (node, seq)) WITHOUT ROWID;" };
    char error [300];
    lx_store_t *store = lx_store_new (path, LX_STORE_NORMAL, schema, 1, error, sizeof error);
    assert (store);
    static const char *const queries [LX_DIGEST_SECTION_COUNT] = {
        "SELECT seq, body FROM row WHERE node = ?1 ORDER BY seq",
        "SELECT seq FROM row WHERE node = ?1 AND seq % 7 = 0 ORDER BY seq",
        "SELECT count (*) FROM row WHERE node = ?1",
        "SELECT ?1", "SELECT 1 WHERE ?1 = 'none'", "SELECT seq FROM row WHERE node = ?1 ORDER BY seq DESC",
        "SELECT length (body) FROM row WHERE node = ?1 ORDER BY seq", "SELECT 2 WHERE ?1 IS NOT NULL" };
    //  The large node is a few hundred turns of digesting, the small one
    //  a turn a section.
    s_test_rows (store, "large", 1, 60000);
    s_test_rows (store, "small", 1, 3);

    //  A store that is not there: no worker, and why.
    assert (!lx_digest_worker_new ("/nonexistent/dir/x.db", queries, error, sizeof error));
    assert (strstr (error, "digest worker") && strstr (error, "/nonexistent/dir/x.db"));

    lx_digest_worker_t *worker = lx_digest_worker_new (path, queries, error, sizeof error);
    assert (worker);
    //  The digests are lx_digest_store's, of the store as it was at the
    //  request: the commit after it is not in them; a later request sees it.
    zlistx_t *before = lx_digest_store (store, queries, "small", NULL);
    assert (before && zlistx_size (before) == LX_DIGEST_SECTION_COUNT);
    assert (lx_digest_worker_request (worker, "small", NULL, 7, error, sizeof error) == 0);
    s_test_rows (store, "small", 4, 1);
    zlistx_t *lines = s_test_answer (worker, 7, error, sizeof error);
    assert (lines && s_test_same (lines, before));
    zlistx_destroy (&lines);
    zlistx_t *after = lx_digest_store (store, queries, "small", NULL);
    assert (!s_test_same (after, before));
    assert (lx_digest_worker_request (worker, "small", NULL, 8, error, sizeof error) == 0);
    lines = s_test_answer (worker, 8, error, sizeof error);
    assert (lines && s_test_same (lines, after));
    //  Keyed with a challenge, the worker's digests are lx_digest_store's
    //  under the same key, and not the unkeyed ones.
    char challenge [LX_DIGEST_CHALLENGE_SIZE];
    lx_digest_challenge_new (challenge);
    zlistx_t *keyed = lx_digest_store (store, queries, "small", challenge);
    assert (keyed && !s_test_same (keyed, after));
    assert (lx_digest_worker_request (worker, "small", challenge, 9, error, sizeof error) == 0);
    zlistx_t *keyed_lines = s_test_answer (worker, 9, error, sizeof error);
    assert (keyed_lines && s_test_same (keyed_lines, keyed));
    zlistx_destroy (&keyed_lines);
    zlistx_destroy (&keyed);
    zlistx_t *copy = zlistx_dup (lines);           //  the lines are the list's own
    assert (copy && s_test_same (copy, after));
    zlistx_destroy (&copy);
    zlistx_destroy (&lines);

    //  Computations go together, in turns, each on its own snapshot: a
    //  small node asked for after a large one is answered first, and the
    //  large one's digests are of the store at its own request.
    zlistx_t *large = lx_digest_store (store, queries, "large", NULL);
    assert (lx_digest_worker_request (worker, "large", NULL, 10, error, sizeof error) == 0);
    assert (lx_digest_worker_request (worker, "small", NULL, 11, error, sizeof error) == 0);
    s_test_rows (store, "large", 60001, 1);
    lines = s_test_answer (worker, 11, error, sizeof error);
    assert (lines && s_test_same (lines, after));
    zlistx_destroy (&lines);
    lines = s_test_answer (worker, 10, error, sizeof error);
    assert (lines && s_test_same (lines, large));
    zlistx_destroy (&lines);
    zlistx_destroy (&large);
    //  More at once than connections are kept: each is answered right.
    for (int64_t token = 20; token < 24; token++)
        assert (lx_digest_worker_request (worker, "small", NULL, token, error, sizeof error) == 0);
    for (int64_t token = 20; token < 24; token++) {
        lines = s_test_answer (worker, token, error, sizeof error);
        assert (lines && s_test_same (lines, after));
        zlistx_destroy (&lines);
    }
    //  Destroyed in the middle of a computation: it is abandoned cleanly.
    assert (lx_digest_worker_request (worker, "large", NULL, 30, error, sizeof error) == 0);
    lx_digest_worker_destroy (&worker);
    lx_digest_worker_destroy (&worker);
    assert (!worker);

    //  A query that fails: the answer says which section, and why.
    static const char *const broken [LX_DIGEST_SECTION_COUNT] = {
        "SELECT seq FROM row WHERE node = ?1", "SELECT no_such_column FROM row WHERE node = ?1",
        "SELECT ?1", "SELECT ?1", "SELECT ?1", "SELECT ?1", "SELECT ?1", "SELECT ?1" };
    worker = lx_digest_worker_new (path, broken, error, sizeof error);
    assert (worker);
    assert (lx_digest_worker_request (worker, "small", NULL, 40, error, sizeof error) == 0);
    assert (!s_test_answer (worker, 40, error, sizeof error));
    assert (strstr (error, "rejected") && strstr (error, "no_such_column"));
    //  The worker goes on.
    assert (lx_digest_worker_request (worker, "small", NULL, 41, error, sizeof error) == 0);
    assert (!s_test_answer (worker, 41, error, sizeof error));
    lx_digest_worker_destroy (&worker);

    zlistx_destroy (&before);
    zlistx_destroy (&after);
    lx_store_destroy (&store);
    zdir_t *tree = zdir_new (dir, NULL);
    assert (tree);
    zdir_remove (tree, true);
    zdir_destroy (&tree);
    free (path);
}
