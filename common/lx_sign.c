/*  lx_sign: the broker's ledger signing key, and its signatures on ledger
    heads. */

#include "lx_sign.h"
#include "lx_cfg.h"
#include "lx_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

//  The domain tag, the first value of every signed list.
#define S_TAG "leadx-ledger-head-v1"

struct _lx_sign_t {
    unsigned char public_key [crypto_sign_PUBLICKEYBYTES];  //  the public half
    unsigned char secret_key [crypto_sign_SECRETKEYBYTES];  //  libsodium's secret key (seed, public); 0 when not held
    bool secret;                //  secret_key is held: the key can sign
    char public_hex [2 * crypto_sign_PUBLICKEYBYTES + 1];   //  public_key in lower-case hex
};

//  True when text is exactly digits lower-case hex digits.
static bool
s_hex (const char *text, size_t digits)
{
    return text && strlen (text) == digits && strspn (text, "0123456789abcdef") == digits;
}

//  Reads digits hex digits of text into size bytes at out. Returns 0, or
//  -1 when text is not exactly that.
static int
s_unhex (const char *text, unsigned char *out, size_t size)
{
    size_t read = 0;
    if (!s_hex (text, 2 * size)
    ||  sodium_hex2bin (out, size, text, 2 * size, NULL, &read, NULL) != 0 || read != size)
        return -1;
    return 0;
}

//  A key from libsodium's key pair. Returns NULL if out of memory.
static lx_sign_t *
s_new (const unsigned char public_key [crypto_sign_PUBLICKEYBYTES],
       const unsigned char *secret_key)
{
    lx_sign_t *self = (lx_sign_t *) zmalloc (sizeof (lx_sign_t));
    if (!self)
        return NULL;
    memcpy (self->public_key, public_key, sizeof self->public_key);
    if (secret_key) {
        memcpy (self->secret_key, secret_key, sizeof self->secret_key);
        self->secret = true;
    }
    sodium_bin2hex (self->public_hex, sizeof self->public_hex, self->public_key, sizeof self->public_key);
    return self;
}

lx_sign_t *
lx_sign_new_seeded (const unsigned char seed [32])
{
    assert (seed);
    unsigned char public_key [crypto_sign_PUBLICKEYBYTES], secret_key [crypto_sign_SECRETKEYBYTES];
    if (sodium_init () < 0 || crypto_sign_seed_keypair (public_key, secret_key, seed) != 0)
        return NULL;
    lx_sign_t *self = s_new (public_key, secret_key);
    sodium_memzero (secret_key, sizeof secret_key);
    return self;
}

lx_sign_t *
lx_sign_public_copy (const lx_sign_t *other)
{
    assert (other);
    return s_new (other->public_key, NULL);
}

void
lx_sign_destroy (lx_sign_t **self_p)
{
    assert (self_p);
    lx_sign_t *self = *self_p;
    if (self) {
        sodium_memzero (self->secret_key, sizeof self->secret_key);
        free (self);
        *self_p = NULL;
    }
}

const char *
lx_sign_public (const lx_sign_t *self)
{
    assert (self);
    return self->public_hex;
}

bool
lx_sign_can_sign (const lx_sign_t *self)
{
    assert (self);
    return self->secret;
}

//  Writes the key file at path (public, or with seed the secret one,
//  created for its owner only and never over an existing file). Returns
//  0, or -1 with error set.
static int
s_write (const char *path, const char *public_hex, const char *seed_hex, char *error, size_t error_size)
{
    int fd = seed_hex? open (path, O_WRONLY | O_CREAT | O_EXCL, 0600)
                     : open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    FILE *file = fd >= 0? fdopen (fd, "w"): NULL;
    if (!file) {
        snprintf (error, error_size, "cannot write %s: %s", path, strerror (errno));
        if (fd >= 0)
            close (fd);
        return -1;
    }
    bool written = fprintf (file, "#   leadx: the broker's ledger signing key (Ed25519, lx_sign.h), made by"
                                  " `leadx-broker keygen`.\n") > 0;
    if (seed_hex)
        written = written && fprintf (file, "#   SECRET: keep it at the broker only; whoever holds it can sign"
                                            " ledger heads as the broker.\n") > 0;
    else
        written = written && fprintf (file, "#   Public: every node holds a copy (node/broker_sign) and checks"
                                            " the broker's signature\n#   on its ledger with it; so can any"
                                            " auditor, offline.\n") > 0;
    written = written && fprintf (file, "sign\n    public-key = \"%s\"\n", public_hex) > 0;
    if (seed_hex)
        written = written && fprintf (file, "    secret-seed = \"%s\"\n", seed_hex) > 0;
    if (fclose (file) != 0 || !written) {
        snprintf (error, error_size, "cannot write %s", path);
        return -1;
    }
    return 0;
}

int
lx_sign_generate (const char *path, char *error, size_t error_size)
{
    assert (path && error);
    char *secret_path = zsys_sprintf ("%s_secret", path);
    if (!secret_path) {
        snprintf (error, error_size, "out of memory");
        return -1;
    }
    int rc = -1;
    unsigned char seed [crypto_sign_SEEDBYTES];
    unsigned char public_key [crypto_sign_PUBLICKEYBYTES], secret_key [crypto_sign_SECRETKEYBYTES];
    char seed_hex [2 * crypto_sign_SEEDBYTES + 1], public_hex [2 * crypto_sign_PUBLICKEYBYTES + 1];
    if (access (secret_path, F_OK) == 0)
        snprintf (error, error_size, "%s exists: not replacing a key (remove it first)", secret_path);
    else
    if (sodium_init () < 0)
        snprintf (error, error_size, "libsodium cannot start");
    else {
        randombytes_buf (seed, sizeof seed);
        if (crypto_sign_seed_keypair (public_key, secret_key, seed) != 0)
            snprintf (error, error_size, "cannot make a key pair");
        else {
            sodium_bin2hex (seed_hex, sizeof seed_hex, seed, sizeof seed);
            sodium_bin2hex (public_hex, sizeof public_hex, public_key, sizeof public_key);
            //  The secret first: a public file never stands without one.
            rc = s_write (secret_path, public_hex, seed_hex, error, error_size) == 0
              && s_write (path, public_hex, NULL, error, error_size) == 0? 0: -1;
        }
    }
    sodium_memzero (seed, sizeof seed);
    sodium_memzero (seed_hex, sizeof seed_hex);
    sodium_memzero (secret_key, sizeof secret_key);
    free (secret_path);
    return rc;
}

lx_sign_t *
lx_sign_load (const char *path, bool secret, char *error, size_t error_size)
{
    assert (path && error && error_size);
    error [0] = '\0';
    char *file = secret? zsys_sprintf ("%s_secret", path): strdup (path);
    if (!file) {
        snprintf (error, error_size, "out of memory");
        return NULL;
    }
    lx_sign_t *self = NULL;
    unsigned char public_key [crypto_sign_PUBLICKEYBYTES], seed [crypto_sign_SEEDBYTES];
    unsigned char derived [crypto_sign_PUBLICKEYBYTES], secret_key [crypto_sign_SECRETKEYBYTES];
    zconfig_t *config = NULL;
    if (access (file, R_OK) != 0)
        snprintf (error, error_size, "no %s signing key %s (%s)", secret? "secret": "public", file, strerror (errno));
    else
    if (!(config = zconfig_load (file)))
        snprintf (error, error_size, "%s: not a signing key file (ZPL)", file);
    else
    if (s_unhex (zconfig_get (config, "sign/public-key", NULL), public_key, sizeof public_key))
        snprintf (error, error_size, "%s: sign/public-key is not 64 lower-case hex digits", file);
    else
    if (!secret)
        self = s_new (public_key, NULL);
    else
    if (s_unhex (zconfig_get (config, "sign/secret-seed", NULL), seed, sizeof seed))
        snprintf (error, error_size, "%s: sign/secret-seed is not 64 lower-case hex digits", file);
    else
    if (sodium_init () < 0 || crypto_sign_seed_keypair (derived, secret_key, seed) != 0)
        snprintf (error, error_size, "%s: libsodium cannot make the key pair", file);
    else
    if (sodium_memcmp (derived, public_key, sizeof derived) != 0)
        snprintf (error, error_size, "%s: sign/public-key is not the public half of sign/secret-seed", file);
    else
        self = s_new (public_key, secret_key);
    if (!self && !*error)
        snprintf (error, error_size, "out of memory");
    sodium_memzero (seed, sizeof seed);
    sodium_memzero (secret_key, sizeof secret_key);
    zconfig_destroy (&config);
    free (file);
    return self;
}

//  The signed text of the head (node, seq, hash), as a new entry (the
//  caller's), or NULL when the head is malformed or out of memory.
static lx_chain_entry_t *
s_message (const char *node, int64_t seq, const char *hash)
{
    if (!node || !*node || seq < 1 || !s_hex (hash, 64))
        return NULL;
    lx_chain_entry_t *message = lx_chain_entry_new ();
    if (message
    &&  (lx_chain_entry_add_text (message, S_TAG) || lx_chain_entry_add_text (message, node)
      || lx_chain_entry_add_int (message, seq) || lx_chain_entry_add_text (message, hash)))
        lx_chain_entry_destroy (&message);
    return message;
}

int
lx_sign_head (const lx_sign_t *self, const char *node, int64_t seq, const char *hash,
              char out [LX_SIGN_HEX + 1])
{
    assert (self && out);
    out [0] = '\0';
    if (!self->secret)
        return -1;
    lx_chain_entry_t *message = s_message (node, seq, hash);
    if (!message)
        return -1;
    size_t size;
    const unsigned char *bytes = (const unsigned char *) lx_chain_entry_bytes (message, &size);
    unsigned char signature [crypto_sign_BYTES];
    int rc = crypto_sign_detached (signature, NULL, bytes, size, self->secret_key);
    lx_chain_entry_destroy (&message);
    if (rc != 0)
        return -1;
    sodium_bin2hex (out, LX_SIGN_HEX + 1, signature, sizeof signature);
    return 0;
}

bool
lx_sign_check (const lx_sign_t *self, const char *node, int64_t seq, const char *hash,
               const char *signature)
{
    assert (self);
    unsigned char raw [crypto_sign_BYTES];
    if (s_unhex (signature, raw, sizeof raw))
        return false;
    lx_chain_entry_t *message = s_message (node, seq, hash);
    if (!message)
        return false;
    size_t size;
    const unsigned char *bytes = (const unsigned char *) lx_chain_entry_bytes (message, &size);
    bool good = crypto_sign_verify_detached (raw, bytes, size, self->public_key) == 0;
    lx_chain_entry_destroy (&message);
    return good;
}

char *
lx_sign_broker_path (const char *config_file, zconfig_t *config)
{
    assert (config_file && config);
    const char *sign = lx_cfg_str (config, "broker/sign", NULL);
    if (sign)
        return lx_cfg_path (config_file, sign);
    char *cert = lx_cfg_path (config_file, lx_cfg_str (config, "broker/cert", "broker.cert"));
    if (!cert)
        return NULL;
    char *slash = strrchr (cert, '/');
    char *path = slash? zsys_sprintf ("%.*s/broker.sign", (int) (slash - cert), cert): strdup ("broker.sign");
    free (cert);
    return path;
}

void
lx_sign_test (bool verbose)
{
    (void) verbose;
    static const char *const hash = "5e8a0f6c1d2b3a4958677685a4b3c2d1e0f1e2d3c4b5a69788796a5b4c3d2e1f";
    static const char *const other = "5e8a0f6c1d2b3a4958677685a4b3c2d1e0f1e2d3c4b5a69788796a5b4c3d2e10";

    //  A seeded key signs reproducibly; its public copy checks, never signs.
    unsigned char seed [32];
    memset (seed, 7, sizeof seed);
    lx_sign_t *key = lx_sign_new_seeded (seed);
    lx_sign_t *again = lx_sign_new_seeded (seed);
    assert (key && again && lx_sign_can_sign (key));
    assert (strlen (lx_sign_public (key)) == 64 && streq (lx_sign_public (key), lx_sign_public (again)));
    char signature [LX_SIGN_HEX + 1], repeat [LX_SIGN_HEX + 1];
    assert (lx_sign_head (key, "kecheng", 3, hash, signature) == 0);
    assert (lx_sign_head (again, "kecheng", 3, hash, repeat) == 0 && streq (signature, repeat));
    assert (strlen (signature) == LX_SIGN_HEX && strspn (signature, "0123456789abcdef") == LX_SIGN_HEX);
    lx_sign_t *public_only = lx_sign_public_copy (key);
    assert (public_only && !lx_sign_can_sign (public_only));
    assert (lx_sign_head (public_only, "kecheng", 3, hash, repeat) == -1 && streq (repeat, ""));
    assert (lx_sign_check (public_only, "kecheng", 3, hash, signature));
    //  Each part of the head is signed: another district, seq or hash fails.
    assert (!lx_sign_check (public_only, "longyou", 3, hash, signature));
    assert (!lx_sign_check (public_only, "kecheng", 4, hash, signature));
    assert (!lx_sign_check (public_only, "kecheng", 3, other, signature));
    //  A changed or malformed signature fails; so does a malformed head.
    repeat [0] = '\0';
    snprintf (repeat, sizeof repeat, "%s", signature);
    repeat [10] = repeat [10] == '0'? '1': '0';
    assert (!lx_sign_check (public_only, "kecheng", 3, hash, repeat));
    assert (!lx_sign_check (public_only, "kecheng", 3, hash, "00"));
    assert (!lx_sign_check (public_only, "kecheng", 3, hash, NULL));
    assert (lx_sign_head (key, "kecheng", 0, hash, repeat) == -1);
    assert (lx_sign_head (key, "", 1, hash, repeat) == -1);
    assert (lx_sign_head (key, "kecheng", 1, "ABC", repeat) == -1);
    assert (!lx_sign_check (public_only, "kecheng", 3, "ABC", signature));
    //  The message is unambiguous: ("ke", seq 13) is not ("kec", seq 3)
    //  and so on, because every value carries its length or its end.
    char split [LX_SIGN_HEX + 1];
    assert (lx_sign_head (key, "kecheng1", 3, hash, split) == 0);
    assert (!lx_sign_check (public_only, "kecheng", 13, hash, split));
    //  Another key's signature fails.
    unsigned char seed2 [32];
    memset (seed2, 8, sizeof seed2);
    lx_sign_t *stranger = lx_sign_new_seeded (seed2);
    assert (stranger && !streq (lx_sign_public (stranger), lx_sign_public (key)));
    assert (lx_sign_head (stranger, "kecheng", 3, hash, repeat) == 0);
    assert (!lx_sign_check (public_only, "kecheng", 3, hash, repeat));
    lx_sign_destroy (&stranger);
    lx_sign_destroy (&again);
    lx_sign_destroy (&public_only);

    //  Files: generated once, never replaced; the public file checks what
    //  the secret one signs; a secret file that does not match is refused.
    char dir [] = "/tmp/lx_sign_test_XXXXXX";
    assert (mkdtemp (dir));
    char *path = zsys_sprintf ("%s/broker.sign", dir);
    char *secret_path = zsys_sprintf ("%s/broker.sign_secret", dir);
    char error [256] = "";
    assert (lx_sign_load (path, false, error, sizeof error) == NULL && strstr (error, "no public signing key"));
    assert (lx_sign_generate (path, error, sizeof error) == 0);
    assert (lx_sign_generate (path, error, sizeof error) == -1 && strstr (error, "exists"));
    struct stat status;
    assert (stat (secret_path, &status) == 0 && (status.st_mode & 0077) == 0);
    lx_sign_t *broker = lx_sign_load (path, true, error, sizeof error);
    lx_sign_t *node = lx_sign_load (path, false, error, sizeof error);
    assert (broker && node && lx_sign_can_sign (broker) && !lx_sign_can_sign (node));
    assert (streq (lx_sign_public (broker), lx_sign_public (node)));
    assert (lx_sign_head (broker, "qujiang", 1, hash, signature) == 0);
    assert (lx_sign_check (node, "qujiang", 1, hash, signature));
    assert (!lx_sign_check (key, "qujiang", 1, hash, signature));
    lx_sign_destroy (&broker);
    lx_sign_destroy (&node);
    FILE *file = fopen (secret_path, "w");
    assert (file);
    fprintf (file, "sign\n    public-key = \"%s\"\n    secret-seed = \"%064d\"\n", lx_sign_public (key), 0);
    assert (fclose (file) == 0);
    assert (lx_sign_load (path, true, error, sizeof error) == NULL && strstr (error, "not the public half"));
    file = fopen (path, "w");
    assert (file);
    fprintf (file, "sign\n    public-key = \"XYZ\"\n");
    assert (fclose (file) == 0);
    assert (lx_sign_load (path, false, error, sizeof error) == NULL && strstr (error, "not 64 lower-case hex"));
    assert (unlink (path) == 0 && unlink (secret_path) == 0);
    lx_sign_destroy (&key);

    //  The broker's key lives beside its certificate unless set.
    char *config_file = zsys_sprintf ("%s/broker.cfg", dir);
    zconfig_t *config = zconfig_new ("root", NULL);
    zconfig_put (config, "broker/cert", "keys/broker.cert");
    char *where = lx_sign_broker_path (config_file, config);
    char *expected = zsys_sprintf ("%s/keys/broker.sign", dir);
    assert (where && streq (where, expected));
    zstr_free (&where);
    zstr_free (&expected);
    zconfig_put (config, "broker/sign", "/etc/leadx/ledger.sign");
    where = lx_sign_broker_path (config_file, config);
    assert (where && streq (where, "/etc/leadx/ledger.sign"));
    zstr_free (&where);
    zconfig_destroy (&config);
    zstr_free (&config_file);
    zstr_free (&path);
    zstr_free (&secret_path);
    assert (rmdir (dir) == 0);
}
