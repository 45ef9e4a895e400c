package domain

// Reasons of shape rules of backend/domain (validate.go).
// Each constant's English text is in frontend/src/i18n/reasons/validate.en.json
// and its Chinese in validate.zh-CN.json, under its value.
const (
	RFieldRequired       Reason = "field.required"        // the field is empty
	RFieldEmpty          Reason = "field.empty"           // a list item is blank
	RFieldTooLong        Reason = "field.too_long"        // {max} characters
	RFieldNegative       Reason = "field.negative"        // a number below zero
	RFieldNotOneOf       Reason = "field.not_one_of"      // {value} is not in {allowed}
	RFieldControlChar    Reason = "field.control_char"    // {char} at byte {byte}
	RFieldDuplicate      Reason = "field.duplicate"       // {name} appears twice
	RJSONInvalid         Reason = "json.invalid"          // {detail} of the JSON decoder
	RJSONUnexpectedChar  Reason = "json.unexpected_char"  // {char}: a syntax error of the JSON decoder
	RJSONEndsEarly       Reason = "json.ends_early"       // the text ends inside a value
	RNumberNotFinite     Reason = "number.not_finite"     // {value}
	RKeyInvalid          Reason = "key.invalid"           // {key} is no slug
	RVersionInvalid      Reason = "version.invalid"       // {version}
	RHeaderNameInvalid   Reason = "header.name_invalid"   // {name} is no HTTP token
	RHeaderControlled    Reason = "header.controlled"     // {name} is written by the HTTP stack
	RHeaderDuplicateCase Reason = "header.duplicate_case" // duplicates header {name}
	RMethodInvalid       Reason = "method.invalid"        // {method}
	RHostScheme          Reason = "host.scheme"           // {host} starts with {scheme}://
	RHostSpace           Reason = "host.space"            // {host}
	RHostPath            Reason = "host.path"             // {host} contains {char} of a path
	RHostPort            Reason = "host.port"             // {port} out of range
	RHostPortMalformed   Reason = "host.port_malformed"   // {host}
	RHostUnderscore      Reason = "host.underscore"       // {host}
	RHostEmptyLabel      Reason = "host.empty_label"      // {host}
	RHostIDN             Reason = "host.idn"              // {host}, {detail}
	RHostLabelTooLong    Reason = "host.label_too_long"   // {label} of {host}
	RHostChar            Reason = "host.char"             // {host} contains {char}
	RHostLabelHyphen     Reason = "host.label_hyphen"     // {label} of {host}
	RBasePathInvalid     Reason = "connection.base_path"  // query, fragment or space in the base path
	RTimeoutRange        Reason = "connection.timeout"    // {value} not in {min}..{max} seconds
	RProxyInvalid        Reason = "connection.proxy"      // not none, system or a proxy URL
	RProxyPassword       Reason = "connection.proxy_password"
	RAuthSettingsMissing Reason = "auth.settings_required" // {scheme} has no settings
	RTokenURLScheme      Reason = "auth.token_url_scheme"  // {url}
	RPathQuery           Reason = "path.query"             // query, fragment or space in the path
	RPathUnclosed        Reason = "path.unclosed"          // unclosed { at {at}
	RPathStrayClose      Reason = "path.stray_close"       // } without { after {before}
	RPathEmptyVar        Reason = "path.empty_var"         // {}
	RPathVarTwice        Reason = "path.var_twice"         // {name}
	RPathVarNoParam      Reason = "path.var_no_param"      // {name}
	RPathParamUnused     Reason = "path.param_unused"      // {name}
	RSuccessRequired     Reason = "interface.success_required"
	RSourceTemplate      Reason = "param.source_template"   // a template source without {{ }}
	RSourceMapArray      Reason = "param.map_array_only"    // map on a non-array param
	RSourceMapList       Reason = "param.map_list"          // map without the list it maps
	RChildrenType        Reason = "param.children_type"     // children on a scalar
	RChildrenBody        Reason = "param.children_body"     // children outside the body
	RGroupBoth           Reason = "condition.group_both"    // all and any
	RGroupOwnField       Reason = "condition.group_field"   // a group with a field or op
	RGroupEmpty          Reason = "condition.group_empty"   // no items
	RCondInList          Reason = "condition.in_list"       // op in without a list
	RCondMatchesRegex    Reason = "condition.matches_regex" // op matches without a pattern
	RCondRegexInvalid    Reason = "condition.regex_invalid" // {detail}
	RCondNumber          Reason = "condition.number"        // op {op} without a number
	RCondValueRequired   Reason = "condition.value_required"
	RCondNoRequestParam  Reason = "condition.no_request_param"  // {field}
	RCondNoResponseParam Reason = "condition.no_response_param" // {field}
	RCondFieldInvalid    Reason = "condition.field_invalid"     // {field}
	RAccountFieldUnnamed Reason = "account.field_unnamed"
	RAccountFieldSecret  Reason = "account.field_also_secret" // {name}
	RFlowRange           Reason = "flow.range"                // {min}..{max}
	RFlowEveryMin        Reason = "flow.every_min"            // below {min} seconds
	RFlowCronFields      Reason = "flow.cron_fields"          // {cron} has not five fields
	RFlowCronInvalid     Reason = "flow.cron_invalid"         // {detail} of the cron parser
	RFlowTimezone        Reason = "flow.timezone"             // {timezone}
	RFlowInvoke          Reason = "flow.invoke"               // {invoke} is not connector/interface
	RFlowNoInput         Reason = "flow.no_input"             // {invoke} has no input {name}
	RFlowTemplate        Reason = "flow.template"             // {detail} of the template compiler
	RFlowRoot            Reason = "flow.root"                 // {ref} outside input, system, steps, item
	RFlowInputUnknown    Reason = "flow.input_unknown"        // {ref}: no flow input {name}
	RFlowSystemUnknown   Reason = "flow.system_unknown"       // {ref}: no system field {name}
	RFlowItemOutside     Reason = "flow.item_outside"         // {ref} outside a forEach step
	RFlowStepUnknown     Reason = "flow.step_unknown"         // {ref}: no step {step}
	RFlowStepLater       Reason = "flow.step_later"           // {ref}: step {step} runs later
	RFlowStepField       Reason = "flow.step_field"           // {ref}: not outputs, status or response
	RFlowOutputUnknown   Reason = "flow.output_unknown"       // {ref}: step {step} has no output {name}
)

// validateReasons lists this file's reasons, in order.
var validateReasons = []Reason{
	RFieldRequired, RFieldEmpty, RFieldTooLong, RFieldNegative, RFieldNotOneOf, RFieldControlChar, RFieldDuplicate,
	RJSONInvalid, RJSONUnexpectedChar, RJSONEndsEarly, RNumberNotFinite, RKeyInvalid, RVersionInvalid,
	RHeaderNameInvalid, RHeaderControlled, RHeaderDuplicateCase, RMethodInvalid,
	RHostScheme, RHostSpace, RHostPath, RHostPort, RHostPortMalformed, RHostUnderscore, RHostEmptyLabel,
	RHostIDN, RHostLabelTooLong, RHostChar, RHostLabelHyphen,
	RBasePathInvalid, RTimeoutRange, RProxyInvalid, RProxyPassword, RAuthSettingsMissing, RTokenURLScheme,
	RPathQuery, RPathUnclosed, RPathStrayClose, RPathEmptyVar, RPathVarTwice, RPathVarNoParam, RPathParamUnused,
	RSuccessRequired, RSourceTemplate, RSourceMapArray, RSourceMapList, RChildrenType, RChildrenBody,
	RGroupBoth, RGroupOwnField, RGroupEmpty, RCondInList, RCondMatchesRegex, RCondRegexInvalid, RCondNumber,
	RCondValueRequired, RCondNoRequestParam, RCondNoResponseParam, RCondFieldInvalid,
	RAccountFieldUnnamed, RAccountFieldSecret,
	RFlowRange, RFlowEveryMin, RFlowCronFields, RFlowCronInvalid, RFlowTimezone, RFlowInvoke, RFlowNoInput, RFlowTemplate, RFlowRoot, RFlowInputUnknown, RFlowSystemUnknown, RFlowItemOutside, RFlowStepUnknown, RFlowStepLater, RFlowStepField, RFlowOutputUnknown,
}
