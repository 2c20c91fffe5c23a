#include "gateway/datasets/dataset_links.hpp"
#include "gateway/router.hpp"

#include <catch2/catch.hpp>

using namespace plateau::gateway;

#define TEST_GROUP "[gateway][dataset_links]"

namespace {
const std::string k_key = "0123456789abcdef0123456789abcdef";
}

TEST_CASE("dataset_links: the signature is HMAC-SHA256 of 'plateau-link-v1\\n<id>\\n<expires>'", TEST_GROUP) {
    // Expected from Python: hmac.new(key, b"plateau-link-v1\nds42\n1800000000", hashlib.sha256).hexdigest()
    CHECK(link_signature(k_key, "ds42", 1800000000) == "3d3c84ae42ebaccadd2e22905f0e59a1874f8d18d82fd938260a07b918012f74");
}

TEST_CASE("dataset_links: a changed id, expiry, signature or key does not match", TEST_GROUP) {
    const std::string sig = link_signature(k_key, "ds42", 1800000000);
    CHECK(link_signature_matches(k_key, "ds42", 1800000000, sig));
    CHECK_FALSE(link_signature_matches(k_key, "ds43", 1800000000, sig));
    CHECK_FALSE(link_signature_matches(k_key, "ds42", 1800000001, sig));
    CHECK_FALSE(link_signature_matches(k_key, "ds42", 1800000000, sig.substr(0, 63) + "0"));
    CHECK_FALSE(link_signature_matches(k_key, "ds42", 1800000000, sig.substr(0, 32)));
    CHECK_FALSE(link_signature_matches("another key of 32 bytes, really!", "ds42", 1800000000, sig));
}

TEST_CASE("dataset_links: the path carries the name's last component, percent-encoded", TEST_GROUP) {
    CHECK(link_path("ds42", "run42/lane 1/a+b.fq.gz", 17, "ab") == "/api/v1/links/ds42/a%2Bb.fq.gz?expires=17&signature=ab");
    CHECK(link_path("ds42", "", 17, "ab") == "/api/v1/links/ds42/dataset?expires=17&signature=ab");
    CHECK(link_path("ds42", "run/..", 17, "ab") == "/api/v1/links/ds42/dataset?expires=17&signature=ab");
}

TEST_CASE("dataset_links: link routes, with and without a name segment", TEST_GROUP) {
    auto m = match_route("GET", "/api/v1/links/ds42/reads.fq.gz");
    CHECK(m.id == RouteId::link_content);
    CHECK(m.job_id == "ds42");
    m = match_route("HEAD", "/api/v1/links/ds42");
    CHECK(m.id == RouteId::link_content);
    CHECK(match_route("POST", "/api/v1/datasets/ds42/links").id == RouteId::dataset_link_create);
    CHECK(match_route("GET", "/api/v1/links/ds42/a/b").id == RouteId::not_found);
    CHECK(match_route("POST", "/api/v1/links/ds42/x").id == RouteId::method_not_allowed);
}
