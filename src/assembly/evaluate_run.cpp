// placeholder
#include "assembly/api.hpp"
#include "core/error.hpp"
namespace plateau::assembly {
void validate(const EvaluateOptions&) {}
EvaluateSummary run_evaluate(const EvaluateOptions&) { throw Error(ErrorCode::Unsupported, "not yet"); }
}
