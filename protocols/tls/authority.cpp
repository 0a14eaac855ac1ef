// See authority.hpp.
#include "protocols/tls/authority.hpp"

#include <mbedtls/ecp.h>
#include <mbedtls/hmac_drbg.h>
#include <mbedtls/md.h>
#include <mbedtls/oid.h>
#include <mbedtls/x509_crt.h>

#include <cassert>
#include <ctime>
#include <vector>

#include "protocols/tls/credentials.hpp"

namespace protocols::tls {

std::string x509_time(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);  // UTC: no time zone, no clock read
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

namespace {

int check(int rc, const char* what) {
  // Our own inputs (fixed names, fresh keys, large buffers): a failure is a bug.
  assert(rc >= 0 && what);
  (void)what;
  return rc;
}

// RFC 5280 §4.2.1.6: SubjectAltName ::= GeneralNames, GeneralName dNSName [2] IA5String.
std::string san_dns(std::string_view host) {
  assert(host.size() < 120 && "host names are short");
  std::string name = "\x82" + std::string(1, static_cast<char>(host.size())) + std::string(host);
  return "\x30" + std::string(1, static_cast<char>(name.size())) + name;
}

}  // namespace

struct Authority::Impl {
  mbedtls_hmac_drbg_context drbg;
  mbedtls_pk_context ca_key;
  std::int64_t not_before, not_after;
  int next_serial = 2;  // 1 is the CA's

  Impl() {
    mbedtls_hmac_drbg_init(&drbg);
    mbedtls_pk_init(&ca_key);
  }
  ~Impl() {
    mbedtls_hmac_drbg_free(&drbg);
    mbedtls_pk_free(&ca_key);
  }

  void gen_key(mbedtls_pk_context& pk) {
    check(mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), "pk_setup");
    check(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), mbedtls_hmac_drbg_random, &drbg), "gen_key");
  }

  // Writes one certificate as PEM: `subject` with `key`, signed by the CA key.
  std::string write(mbedtls_pk_context& key, const std::string& subject, int serial, bool ca, std::string_view host) {
    mbedtls_x509write_cert crt;
    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi sn;
    mbedtls_mpi_init(&sn);
    mbedtls_mpi_lset(&sn, serial);
    mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&crt, &key);
    mbedtls_x509write_crt_set_issuer_key(&crt, &ca_key);
    check(mbedtls_x509write_crt_set_subject_name(&crt, subject.c_str()), "subject");
    check(mbedtls_x509write_crt_set_issuer_name(&crt, "CN=MailSim Scenario CA,O=MailSim"), "issuer");
    check(mbedtls_x509write_crt_set_serial(&crt, &sn), "serial");
    check(mbedtls_x509write_crt_set_validity(&crt, x509_time(not_before).c_str(), x509_time(not_after).c_str()), "validity");
    // RFC 5280 §4.2.1.9 and §4.2.1.3: a CA signs certificates; a host signs handshakes.
    check(mbedtls_x509write_crt_set_basic_constraints(&crt, ca ? 1 : 0, ca ? 0 : -1), "basic constraints");
    check(mbedtls_x509write_crt_set_key_usage(&crt, ca ? MBEDTLS_X509_KU_KEY_CERT_SIGN | MBEDTLS_X509_KU_CRL_SIGN
                                                      : MBEDTLS_X509_KU_DIGITAL_SIGNATURE), "key usage");
    check(mbedtls_x509write_crt_set_subject_key_identifier(&crt), "ski");
    check(mbedtls_x509write_crt_set_authority_key_identifier(&crt), "aki");
    if (!ca) {
      const std::string san = san_dns(host);
      check(mbedtls_x509write_crt_set_extension(&crt, MBEDTLS_OID_SUBJECT_ALT_NAME, MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME),
                                                0, reinterpret_cast<const unsigned char*>(san.data()), san.size()),
            "san");
    }
    std::vector<unsigned char> buf(4096);
    check(mbedtls_x509write_crt_pem(&crt, buf.data(), buf.size(), mbedtls_hmac_drbg_random, &drbg), "pem");
    mbedtls_x509write_crt_free(&crt);
    mbedtls_mpi_free(&sn);
    return reinterpret_cast<const char*>(buf.data());
  }
};

Authority::Authority(std::uint64_t seed, std::int64_t not_before, std::int64_t not_after) : impl_(std::make_unique<Impl>()) {
  impl_->not_before = not_before;
  impl_->not_after = not_after;
  // The DRBG's only input is the seed (and a fixed label): no entropy source, no clock.
  std::string material = "MailSim scenario CA ";
  for (int i = 0; i < 8; ++i) material += static_cast<char>((seed >> (8 * i)) & 0xff);
  check(mbedtls_hmac_drbg_seed_buf(&impl_->drbg, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256),
                                   reinterpret_cast<const unsigned char*>(material.data()), material.size()),
        "drbg");
  impl_->gen_key(impl_->ca_key);
  ca_pem_ = impl_->write(impl_->ca_key, "CN=MailSim Scenario CA,O=MailSim", 1, true, {});
  auto t = std::make_shared<Credentials>();
  check(mbedtls_x509_crt_parse(&t->chain, reinterpret_cast<const unsigned char*>(ca_pem_.c_str()), ca_pem_.size() + 1), "parse ca");
  t->cert_pem = ca_pem_;
  trust_ = std::move(t);
}

Authority::~Authority() = default;

const std::string& certificate_pem(const Credentials& c) { return c.cert_pem; }

std::shared_ptr<const Credentials> Authority::issue(std::string_view host) {
  auto c = std::make_shared<Credentials>();
  impl_->gen_key(c->key);
  c->has_key = true;
  c->cert_pem = impl_->write(c->key, "CN=" + std::string(host) + ",O=MailSim", impl_->next_serial++, false, host);
  check(mbedtls_x509_crt_parse(&c->chain, reinterpret_cast<const unsigned char*>(c->cert_pem.c_str()), c->cert_pem.size() + 1),
        "parse host");
  check(mbedtls_x509_crt_parse(&c->chain, reinterpret_cast<const unsigned char*>(ca_pem_.c_str()), ca_pem_.size() + 1), "parse ca");
  return c;
}

}  // namespace protocols::tls
