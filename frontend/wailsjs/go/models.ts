export namespace app {
	
	export class BodyChunk {
	    text: string;
	    next: number;
	    done: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BodyChunk(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.next = source["next"];
	        this.done = source["done"];
	    }
	}
	export class ConsoleResult {
	    verdict: domain.Verdict;
	    ok: boolean;
	    message: string;
	    status: number;
	    outputs: Record<string, any>;
	    request: invoke.RequestRecord;
	    response: invoke.ResponseRecord;
	    timing: invoke.Timing;
	    redirects: invoke.Redirect[];
	    tokenStep?: invoke.TokenStep;
	    notSent?: boolean;
	    notes: string[];
	    noteList: domain.Note[];
	    cause?: string;
	    causeNote?: domain.Note;
	    defaultMessage: boolean;
	    historyId: string;
	    bodyClipped: boolean;
	    bodyBytes: number;
	
	    static createFrom(source: any = {}) {
	        return new ConsoleResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.verdict = source["verdict"];
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.status = source["status"];
	        this.outputs = source["outputs"];
	        this.request = this.convertValues(source["request"], invoke.RequestRecord);
	        this.response = this.convertValues(source["response"], invoke.ResponseRecord);
	        this.timing = this.convertValues(source["timing"], invoke.Timing);
	        this.redirects = this.convertValues(source["redirects"], invoke.Redirect);
	        this.tokenStep = this.convertValues(source["tokenStep"], invoke.TokenStep);
	        this.notSent = source["notSent"];
	        this.notes = source["notes"];
	        this.noteList = this.convertValues(source["noteList"], domain.Note);
	        this.cause = source["cause"];
	        this.causeNote = this.convertValues(source["causeNote"], domain.Note);
	        this.defaultMessage = source["defaultMessage"];
	        this.historyId = source["historyId"];
	        this.bodyClipped = source["bodyClipped"];
	        this.bodyBytes = source["bodyBytes"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace domain {
	
	export enum Action {
	    AccountDelete = "account.delete",
	    AccountSave = "account.save",
	    ConnectionCheck = "connection.check",
	    ConnectionCreate = "connection.create",
	    ConnectionDelete = "connection.delete",
	    ConnectionSeal = "connection.seal",
	    ConnectionUnseal = "connection.unseal",
	    ConnectionUpdate = "connection.update",
	    ConnectorCreate = "connector.create",
	    ConnectorDelete = "connector.delete",
	    ConnectorExport = "connector.export",
	    ConnectorGrant = "connector.grant",
	    ConnectorImport = "connector.import",
	    ConnectorRevoke = "connector.revoke",
	    ConnectorSeal = "connector.seal",
	    ConnectorUnseal = "connector.unseal",
	    ConnectorUpdate = "connector.update",
	    FlowCancel = "flow.cancel",
	    FlowCreate = "flow.create",
	    FlowDelete = "flow.delete",
	    FlowDisable = "flow.disable",
	    FlowEnable = "flow.enable",
	    FlowRun = "flow.run",
	    FlowUpdate = "flow.update",
	    InterfaceCreate = "interface.create",
	    InterfaceDelete = "interface.delete",
	    InterfaceInvoke = "interface.invoke",
	    InterfaceTest = "interface.test",
	    InterfaceUpdate = "interface.update",
	    SecretRekey = "secret.rekey",
	    SecretSet = "secret.set",
	    SettingsUpdate = "settings.update",
	    UserAdd = "user.add",
	    UserUpdate = "user.update",
	}
	export enum AuthType {
	    ApiKey = "apiKey",
	    AppCode = "appCode",
	    Basic = "basic",
	    Bearer = "bearer",
	    None = "none",
	    TokenExchange = "tokenExchange",
	}
	export enum Code {
	    BadInput = "bad_input",
	    Conflict = "conflict",
	    Internal = "internal",
	    NotFound = "not_found",
	    Permission = "permission",
	    Rule = "rule",
	    Timeout = "timeout",
	    Transport = "transport",
	    Validation = "validation",
	}
	export enum CondOp {
	    Contains = "contains",
	    Empty = "empty",
	    Eq = "eq",
	    Ge = "ge",
	    Gt = "gt",
	    In = "in",
	    Le = "le",
	    Lt = "lt",
	    Matches = "matches",
	    Ne = "ne",
	    NotContains = "notContains",
	    NotEmpty = "notEmpty",
	}
	export enum ParamIn {
	    Body = "body",
	    Header = "header",
	    Path = "path",
	    Query = "query",
	}
	export enum Perm {
	    ConnectorsCreate = "connectors.create",
	    ConnectorsManage = "connectors.manage",
	    ConnectorsView = "connectors.view",
	    UsersAdmin = "users.admin",
	}
	export enum Status {
	    Active = "active",
	    Sealed = "sealed",
	}
	export enum Verdict {
	    Error = "error",
	    Ok = "ok",
	    Timeout = "timeout",
	    Unmet = "unmet",
	}
	export class APIKeyAuth {
	    name: string;
	    in: string;
	
	    static createFrom(source: any = {}) {
	        return new APIKeyAuth(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.in = source["in"];
	    }
	}
	export class TokenInject {
	    in: string;
	    name: string;
	    prefix: string;
	
	    static createFrom(source: any = {}) {
	        return new TokenInject(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.in = source["in"];
	        this.name = source["name"];
	        this.prefix = source["prefix"];
	    }
	}
	export class Condition {
	    all?: Condition[];
	    any?: Condition[];
	    field?: string;
	    op?: CondOp;
	    value?: any;
	
	    static createFrom(source: any = {}) {
	        return new Condition(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.all = this.convertValues(source["all"], Condition);
	        this.any = this.convertValues(source["any"], Condition);
	        this.field = source["field"];
	        this.op = source["op"];
	        this.value = source["value"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TokenExchange {
	    method: string;
	    url: string;
	    bodyType: string;
	    headers?: Record<string, string>;
	    body?: Record<string, any>;
	    tokenPath: string;
	    expiresInPath?: string;
	    ttlSec?: number;
	    refreshWhen?: Condition;
	    inject: TokenInject;
	
	    static createFrom(source: any = {}) {
	        return new TokenExchange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.method = source["method"];
	        this.url = source["url"];
	        this.bodyType = source["bodyType"];
	        this.headers = source["headers"];
	        this.body = source["body"];
	        this.tokenPath = source["tokenPath"];
	        this.expiresInPath = source["expiresInPath"];
	        this.ttlSec = source["ttlSec"];
	        this.refreshWhen = this.convertValues(source["refreshWhen"], Condition);
	        this.inject = this.convertValues(source["inject"], TokenInject);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Auth {
	    type: AuthType;
	    apiKey?: APIKeyAuth;
	    tokenExchange?: TokenExchange;
	
	    static createFrom(source: any = {}) {
	        return new Auth(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.apiKey = this.convertValues(source["apiKey"], APIKeyAuth);
	        this.tokenExchange = this.convertValues(source["tokenExchange"], TokenExchange);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Messages {
	    unmet: string;
	    timeout: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new Messages(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.unmet = source["unmet"];
	        this.timeout = source["timeout"];
	        this.error = source["error"];
	    }
	}
	export class Note {
	    reason: string;
	    params?: Record<string, string>;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Note(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reason = source["reason"];
	        this.params = source["params"];
	        this.text = source["text"];
	    }
	}
	export class Source {
	    kind: string;
	    value?: string;
	
	    static createFrom(source: any = {}) {
	        return new Source(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.value = source["value"];
	    }
	}
	export class Param {
	    name: string;
	    in?: ParamIn;
	    type: string;
	    required: boolean;
	    source: Source;
	    default?: unknown;
	    description: string;
	    children?: Param[];
	
	    static createFrom(source: any = {}) {
	        return new Param(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.in = source["in"];
	        this.type = source["type"];
	        this.required = source["required"];
	        this.source = this.convertValues(source["source"], Source);
	        this.default = source["default"];
	        this.description = source["description"];
	        this.children = this.convertValues(source["children"], Param);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResponseParam {
	    name: string;
	    type: string;
	    path: string;
	    description?: string;
	    children?: ResponseParam[];
	
	    static createFrom(source: any = {}) {
	        return new ResponseParam(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.type = source["type"];
	        this.path = source["path"];
	        this.description = source["description"];
	        this.children = this.convertValues(source["children"], ResponseParam);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Retry {
	    attempts: number;
	    backoffMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Retry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.attempts = source["attempts"];
	        this.backoffMs = source["backoffMs"];
	    }
	}
	
	export class Step {
	    key: string;
	    name: string;
	    invoke: string;
	    connection?: string;
	    account?: string;
	    inputs: Record<string, any>;
	    runIf?: Condition;
	    forEach?: string;
	    concurrency?: number;
	    retry?: Retry;
	    onFailure: string;
	
	    static createFrom(source: any = {}) {
	        return new Step(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.invoke = source["invoke"];
	        this.connection = source["connection"];
	        this.account = source["account"];
	        this.inputs = source["inputs"];
	        this.runIf = this.convertValues(source["runIf"], Condition);
	        this.forEach = source["forEach"];
	        this.concurrency = source["concurrency"];
	        this.retry = this.convertValues(source["retry"], Retry);
	        this.onFailure = source["onFailure"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TLSOptions {
	    skipVerify: boolean;
	    clientCertPath: string;
	    caCertPath: string;
	
	    static createFrom(source: any = {}) {
	        return new TLSOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.skipVerify = source["skipVerify"];
	        this.clientCertPath = source["clientCertPath"];
	        this.caCertPath = source["caCertPath"];
	    }
	}
	
	
	export class Trigger {
	    type: string;
	    everySec?: number;
	    cron?: string;
	    timezone?: string;
	
	    static createFrom(source: any = {}) {
	        return new Trigger(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.everySec = source["everySec"];
	        this.cron = source["cron"];
	        this.timezone = source["timezone"];
	    }
	}

}

export namespace invoke {
	
	export class ProbeCert {
	    subject: string;
	    issuer: string;
	    sans: string[];
	    notBefore: string;
	    notAfter: string;
	    daysLeft: number;
	    selfSigned: boolean;
	    sha256: string;
	
	    static createFrom(source: any = {}) {
	        return new ProbeCert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.subject = source["subject"];
	        this.issuer = source["issuer"];
	        this.sans = source["sans"];
	        this.notBefore = source["notBefore"];
	        this.notAfter = source["notAfter"];
	        this.daysLeft = source["daysLeft"];
	        this.selfSigned = source["selfSigned"];
	        this.sha256 = source["sha256"];
	    }
	}
	export class ProbeClientCert {
	    path: string;
	    loaded: boolean;
	    error?: string;
	    note?: domain.Note;
	    subject?: string;
	    issuer?: string;
	    notAfter: string;
	    daysLeft: number;
	
	    static createFrom(source: any = {}) {
	        return new ProbeClientCert(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.loaded = source["loaded"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	        this.subject = source["subject"];
	        this.issuer = source["issuer"];
	        this.notAfter = source["notAfter"];
	        this.daysLeft = source["daysLeft"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProbeFile {
	    path: string;
	    loaded: boolean;
	    error?: string;
	    note?: domain.Note;
	
	    static createFrom(source: any = {}) {
	        return new ProbeFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.loaded = source["loaded"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProbeHTTP {
	    status: string;
	    ms: number;
	    host: string;
	    addresses?: string[];
	    reason?: string;
	    error?: string;
	    note?: domain.Note;
	    method: string;
	    path: string;
	    statusCode: number;
	    statusText: string;
	    server: string;
	
	    static createFrom(source: any = {}) {
	        return new ProbeHTTP(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.ms = source["ms"];
	        this.host = source["host"];
	        this.addresses = source["addresses"];
	        this.reason = source["reason"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	        this.method = source["method"];
	        this.path = source["path"];
	        this.statusCode = source["statusCode"];
	        this.statusText = source["statusText"];
	        this.server = source["server"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RequestRecord {
	    method: string;
	    url: string;
	    headers: Record<string, string>;
	    body: string;
	
	    static createFrom(source: any = {}) {
	        return new RequestRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.method = source["method"];
	        this.url = source["url"];
	        this.headers = source["headers"];
	        this.body = source["body"];
	    }
	}
	export class TokenStep {
	    request: RequestRecord;
	    status: number;
	    responseHeaders: Record<string, string>;
	    responseBody: string;
	    ms: number;
	    tokenPath: string;
	    tokenFound: boolean;
	    expiresInSec: number;
	    expiresFrom: string;
	    error?: string;
	    note?: domain.Note;
	
	    static createFrom(source: any = {}) {
	        return new TokenStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.request = this.convertValues(source["request"], RequestRecord);
	        this.status = source["status"];
	        this.responseHeaders = source["responseHeaders"];
	        this.responseBody = source["responseBody"];
	        this.ms = source["ms"];
	        this.tokenPath = source["tokenPath"];
	        this.tokenFound = source["tokenFound"];
	        this.expiresInSec = source["expiresInSec"];
	        this.expiresFrom = source["expiresFrom"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProbeTLS {
	    status: string;
	    ms: number;
	    host: string;
	    addresses?: string[];
	    reason?: string;
	    error?: string;
	    note?: domain.Note;
	    version: string;
	    cipherSuite: string;
	    skipVerify: boolean;
	    verified: boolean;
	    verifyReason?: string;
	    verifyError?: string;
	    verifyNote?: domain.Note;
	    chain: ProbeCert[];
	    caBundle?: ProbeFile;
	    clientCert?: ProbeClientCert;
	    clientCertRequested: boolean;
	    clientCertSent: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProbeTLS(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.ms = source["ms"];
	        this.host = source["host"];
	        this.addresses = source["addresses"];
	        this.reason = source["reason"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	        this.version = source["version"];
	        this.cipherSuite = source["cipherSuite"];
	        this.skipVerify = source["skipVerify"];
	        this.verified = source["verified"];
	        this.verifyReason = source["verifyReason"];
	        this.verifyError = source["verifyError"];
	        this.verifyNote = this.convertValues(source["verifyNote"], domain.Note);
	        this.chain = this.convertValues(source["chain"], ProbeCert);
	        this.caBundle = this.convertValues(source["caBundle"], ProbeFile);
	        this.clientCert = this.convertValues(source["clientCert"], ProbeClientCert);
	        this.clientCertRequested = source["clientCertRequested"];
	        this.clientCertSent = source["clientCertSent"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProbeStep {
	    status: string;
	    ms: number;
	    host: string;
	    addresses?: string[];
	    reason?: string;
	    error?: string;
	    note?: domain.Note;
	
	    static createFrom(source: any = {}) {
	        return new ProbeStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.ms = source["ms"];
	        this.host = source["host"];
	        this.addresses = source["addresses"];
	        this.reason = source["reason"];
	        this.error = source["error"];
	        this.note = this.convertValues(source["note"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProbeResult {
	    ok: boolean;
	    url: string;
	    proxy: string;
	    error?: string;
	    errorNote?: domain.Note;
	    dns: ProbeStep;
	    tcp: ProbeStep;
	    tunnel?: ProbeStep;
	    tls?: ProbeTLS;
	    http: ProbeHTTP;
	    token?: TokenStep;
	    totalMs: number;
	
	    static createFrom(source: any = {}) {
	        return new ProbeResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.url = source["url"];
	        this.proxy = source["proxy"];
	        this.error = source["error"];
	        this.errorNote = this.convertValues(source["errorNote"], domain.Note);
	        this.dns = this.convertValues(source["dns"], ProbeStep);
	        this.tcp = this.convertValues(source["tcp"], ProbeStep);
	        this.tunnel = this.convertValues(source["tunnel"], ProbeStep);
	        this.tls = this.convertValues(source["tls"], ProbeTLS);
	        this.http = this.convertValues(source["http"], ProbeHTTP);
	        this.token = this.convertValues(source["token"], TokenStep);
	        this.totalMs = source["totalMs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class Redirect {
	    from: string;
	    to: string;
	    status: number;
	    stripped?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Redirect(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.status = source["status"];
	        this.stripped = source["stripped"];
	    }
	}
	
	export class ResponseRecord {
	    headers: Record<string, string>;
	    body: string;
	    truncated: boolean;
	    size: number;
	    charset: string;
	    contentType: string;
	
	    static createFrom(source: any = {}) {
	        return new ResponseRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.headers = source["headers"];
	        this.body = source["body"];
	        this.truncated = source["truncated"];
	        this.size = source["size"];
	        this.charset = source["charset"];
	        this.contentType = source["contentType"];
	    }
	}
	export class Timing {
	    totalMs: number;
	    dnsMs: number;
	    connectMs: number;
	    tlsMs: number;
	    firstByteMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Timing(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.totalMs = source["totalMs"];
	        this.dnsMs = source["dnsMs"];
	        this.connectMs = source["connectMs"];
	        this.tlsMs = source["tlsMs"];
	        this.firstByteMs = source["firstByteMs"];
	    }
	}

}

export namespace service {
	
	export class Access {
	    level: 'view' | 'maintain';
	    canManage: boolean;
	    canDelete: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Access(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.level = source["level"];
	        this.canManage = source["canManage"];
	        this.canDelete = source["canDelete"];
	    }
	}
	export class AccountInput {
	    name: string;
	    default: boolean;
	    fields: Record<string, string>;
	    secrets: Record<string, string | null>;
	
	    static createFrom(source: any = {}) {
	        return new AccountInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.default = source["default"];
	        this.fields = source["fields"];
	        this.secrets = source["secrets"];
	    }
	}
	export class SecretState {
	    name: string;
	    set: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SecretState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.set = source["set"];
	    }
	}
	export class AccountView {
	    id: string;
	    name: string;
	    default: boolean;
	    fields: Record<string, string>;
	    secrets: SecretState[];
	
	    static createFrom(source: any = {}) {
	        return new AccountView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.default = source["default"];
	        this.fields = source["fields"];
	        this.secrets = this.convertValues(source["secrets"], SecretState);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditView {
	    seq: number;
	    at: string;
	    actor: string;
	    action: domain.Action;
	    targetType: string;
	    targetId: string;
	    targetKey: string;
	    connectorId: string;
	    summary: string;
	    params: Record<string, string>;
	    details: string;
	    prevHash: string;
	    hash: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.at = source["at"];
	        this.actor = source["actor"];
	        this.action = source["action"];
	        this.targetType = source["targetType"];
	        this.targetId = source["targetId"];
	        this.targetKey = source["targetKey"];
	        this.connectorId = source["connectorId"];
	        this.summary = source["summary"];
	        this.params = source["params"];
	        this.details = source["details"];
	        this.prevHash = source["prevHash"];
	        this.hash = source["hash"];
	    }
	}
	export class AuditPage {
	    items: AuditView[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], AuditView);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditQuery {
	    connector: string;
	    action: string;
	    actor: string;
	    since: string;
	    until: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connector = source["connector"];
	        this.action = source["action"];
	        this.actor = source["actor"];
	        this.since = source["since"];
	        this.until = source["until"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	
	export class ConnectionInput {
	    key: string;
	    name: string;
	    description: string;
	    protocol: string;
	    host: string;
	    basePath: string;
	    charset: string;
	    connectTimeoutSec: number;
	    responseTimeoutSec: number;
	    tls: domain.TLSOptions;
	    clientCertPassword?: string | null;
	    proxy: string;
	    auth: domain.Auth;
	
	    static createFrom(source: any = {}) {
	        return new ConnectionInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.protocol = source["protocol"];
	        this.host = source["host"];
	        this.basePath = source["basePath"];
	        this.charset = source["charset"];
	        this.connectTimeoutSec = source["connectTimeoutSec"];
	        this.responseTimeoutSec = source["responseTimeoutSec"];
	        this.tls = this.convertValues(source["tls"], domain.TLSOptions);
	        this.clientCertPassword = source["clientCertPassword"];
	        this.proxy = source["proxy"];
	        this.auth = this.convertValues(source["auth"], domain.Auth);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FieldWarning {
	    field: string;
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new FieldWarning(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.field = source["field"];
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}
	export class ConnectionView {
	    id: string;
	    connectorId: string;
	    key: string;
	    name: string;
	    description: string;
	    resourceType: string;
	    protocol: string;
	    host: string;
	    basePath: string;
	    charset: string;
	    connectTimeoutSec: number;
	    responseTimeoutSec: number;
	    tls: domain.TLSOptions;
	    proxy: string;
	    auth: domain.Auth;
	    status: domain.Status;
	    createdAt: string;
	    createdBy: string;
	    updatedAt: string;
	    updatedBy: string;
	    clientCertPasswordSet: boolean;
	    interfaces: number;
	    accounts: AccountView[];
	    warnings?: FieldWarning[];
	
	    static createFrom(source: any = {}) {
	        return new ConnectionView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.connectorId = source["connectorId"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.resourceType = source["resourceType"];
	        this.protocol = source["protocol"];
	        this.host = source["host"];
	        this.basePath = source["basePath"];
	        this.charset = source["charset"];
	        this.connectTimeoutSec = source["connectTimeoutSec"];
	        this.responseTimeoutSec = source["responseTimeoutSec"];
	        this.tls = this.convertValues(source["tls"], domain.TLSOptions);
	        this.proxy = source["proxy"];
	        this.auth = this.convertValues(source["auth"], domain.Auth);
	        this.status = source["status"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.updatedAt = source["updatedAt"];
	        this.updatedBy = source["updatedBy"];
	        this.clientCertPasswordSet = source["clientCertPasswordSet"];
	        this.interfaces = source["interfaces"];
	        this.accounts = this.convertValues(source["accounts"], AccountView);
	        this.warnings = this.convertValues(source["warnings"], FieldWarning);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InterfaceSummary {
	    id: string;
	    key: string;
	    name: string;
	    method: string;
	    path: string;
	    connectionKey: string;
	    connectionStatus: domain.Status;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new InterfaceSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.connectionKey = source["connectionKey"];
	        this.connectionStatus = source["connectionStatus"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ConnectorDetail {
	    id: string;
	    key: string;
	    name: string;
	    description: string;
	    icon: string;
	    tags: string[];
	    version: string;
	    status: domain.Status;
	    owner: string;
	    connections: number;
	    interfaces: number;
	    updatedAt: string;
	    access: Access;
	    createdAt: string;
	    createdBy: string;
	    updatedBy: string;
	    connectionList: ConnectionView[];
	    interfaceList: InterfaceSummary[];
	
	    static createFrom(source: any = {}) {
	        return new ConnectorDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	        this.tags = source["tags"];
	        this.version = source["version"];
	        this.status = source["status"];
	        this.owner = source["owner"];
	        this.connections = source["connections"];
	        this.interfaces = source["interfaces"];
	        this.updatedAt = source["updatedAt"];
	        this.access = this.convertValues(source["access"], Access);
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.updatedBy = source["updatedBy"];
	        this.connectionList = this.convertValues(source["connectionList"], ConnectionView);
	        this.interfaceList = this.convertValues(source["interfaceList"], InterfaceSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectorInput {
	    key: string;
	    name: string;
	    description: string;
	    icon: string;
	    tags: string[];
	    version: string;
	
	    static createFrom(source: any = {}) {
	        return new ConnectorInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	        this.tags = source["tags"];
	        this.version = source["version"];
	    }
	}
	export class ConnectorSummary {
	    id: string;
	    key: string;
	    name: string;
	    description: string;
	    icon: string;
	    tags: string[];
	    version: string;
	    status: domain.Status;
	    owner: string;
	    connections: number;
	    interfaces: number;
	    updatedAt: string;
	    access: Access;
	
	    static createFrom(source: any = {}) {
	        return new ConnectorSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.icon = source["icon"];
	        this.tags = source["tags"];
	        this.version = source["version"];
	        this.status = source["status"];
	        this.owner = source["owner"];
	        this.connections = source["connections"];
	        this.interfaces = source["interfaces"];
	        this.updatedAt = source["updatedAt"];
	        this.access = this.convertValues(source["access"], Access);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectorPage {
	    items: ConnectorSummary[];
	    total: number;
	    tags: string[];
	
	    static createFrom(source: any = {}) {
	        return new ConnectorPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], ConnectorSummary);
	        this.total = source["total"];
	        this.tags = source["tags"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConnectorQuery {
	    search: string;
	    status: string;
	    tag: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ConnectorQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.search = source["search"];
	        this.status = source["status"];
	        this.tag = source["tag"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	
	
	export class FlowInput {
	    key: string;
	    name: string;
	    description: string;
	    trigger: domain.Trigger;
	    inputs: domain.Param[];
	    steps: domain.Step[];
	    outputs: Record<string, string>;
	    timeoutSec: number;
	    overlap: string;
	    catchUp: string;
	    catchUpWindowSec: number;
	
	    static createFrom(source: any = {}) {
	        return new FlowInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.trigger = this.convertValues(source["trigger"], domain.Trigger);
	        this.inputs = this.convertValues(source["inputs"], domain.Param);
	        this.steps = this.convertValues(source["steps"], domain.Step);
	        this.outputs = source["outputs"];
	        this.timeoutSec = source["timeoutSec"];
	        this.overlap = source["overlap"];
	        this.catchUp = source["catchUp"];
	        this.catchUpWindowSec = source["catchUpWindowSec"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowStepRecord {
	    step: string;
	    item: number;
	    attempt: number;
	    verdict: string;
	    message: string;
	    status: number;
	    request: invoke.RequestRecord;
	    response: invoke.ResponseRecord;
	    outputs: any;
	    timing: invoke.Timing;
	    startedAt: string;
	    totalMs: number;
	
	    static createFrom(source: any = {}) {
	        return new FlowStepRecord(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.step = source["step"];
	        this.item = source["item"];
	        this.attempt = source["attempt"];
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.status = source["status"];
	        this.request = this.convertValues(source["request"], invoke.RequestRecord);
	        this.response = this.convertValues(source["response"], invoke.ResponseRecord);
	        this.outputs = source["outputs"];
	        this.timing = this.convertValues(source["timing"], invoke.Timing);
	        this.startedAt = source["startedAt"];
	        this.totalMs = source["totalMs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowRunDetail {
	    runId: string;
	    flow: string;
	    flowName: string;
	    revision: number;
	    trigger: string;
	    scheduledAt?: string | null;
	    startedAt: string;
	    endedAt?: string | null;
	    actor: string;
	    verdict: string;
	    message: string;
	    failedAt: string;
	    rerunOf: string;
	    reused: string[];
	    totalMs: number;
	    inputs: Record<string, any>;
	    outputs: Record<string, any>;
	    attempts: FlowStepRecord[];
	
	    static createFrom(source: any = {}) {
	        return new FlowRunDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.runId = source["runId"];
	        this.flow = source["flow"];
	        this.flowName = source["flowName"];
	        this.revision = source["revision"];
	        this.trigger = source["trigger"];
	        this.scheduledAt = source["scheduledAt"];
	        this.startedAt = source["startedAt"];
	        this.endedAt = source["endedAt"];
	        this.actor = source["actor"];
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.failedAt = source["failedAt"];
	        this.rerunOf = source["rerunOf"];
	        this.reused = source["reused"];
	        this.totalMs = source["totalMs"];
	        this.inputs = source["inputs"];
	        this.outputs = source["outputs"];
	        this.attempts = this.convertValues(source["attempts"], FlowStepRecord);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowRunInput {
	    inputs: Record<string, any>;
	    trigger: string;
	    scheduledAt?: time.Time;
	
	    static createFrom(source: any = {}) {
	        return new FlowRunInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.inputs = source["inputs"];
	        this.trigger = source["trigger"];
	        this.scheduledAt = this.convertValues(source["scheduledAt"], time.Time);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowRunRow {
	    runId: string;
	    trigger: string;
	    scheduledAt?: time.Time;
	    startedAt: time.Time;
	    verdict: string;
	    message: string;
	    endedAt?: string | null;
	    totalMs: number;
	    failedAt: string;
	    rerunOf: string;
	    reused: string[];
	
	    static createFrom(source: any = {}) {
	        return new FlowRunRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.runId = source["runId"];
	        this.trigger = source["trigger"];
	        this.scheduledAt = this.convertValues(source["scheduledAt"], time.Time);
	        this.startedAt = this.convertValues(source["startedAt"], time.Time);
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.endedAt = source["endedAt"];
	        this.totalMs = source["totalMs"];
	        this.failedAt = source["failedAt"];
	        this.rerunOf = source["rerunOf"];
	        this.reused = source["reused"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowStepView {
	    key: string;
	    verdict: string;
	    attempts: number;
	    status: number;
	    outputs: any;
	    message: string;
	    items: FlowStepView[];
	
	    static createFrom(source: any = {}) {
	        return new FlowStepView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.verdict = source["verdict"];
	        this.attempts = source["attempts"];
	        this.status = source["status"];
	        this.outputs = source["outputs"];
	        this.message = source["message"];
	        this.items = this.convertValues(source["items"], FlowStepView);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowRunView {
	    runId: string;
	    flow: string;
	    trigger: string;
	    verdict: string;
	    ok: boolean;
	    message: string;
	    reused: string[];
	    steps: FlowStepView[];
	    outputs: Record<string, any>;
	    // Go type: struct { TotalMs float64 "json:\"totalMs\"" }
	    timing: any;
	
	    static createFrom(source: any = {}) {
	        return new FlowRunView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.runId = source["runId"];
	        this.flow = source["flow"];
	        this.trigger = source["trigger"];
	        this.verdict = source["verdict"];
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.reused = source["reused"];
	        this.steps = this.convertValues(source["steps"], FlowStepView);
	        this.outputs = source["outputs"];
	        this.timing = this.convertValues(source["timing"], Object);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class FlowSummary {
	    id: string;
	    key: string;
	    name: string;
	    description: string;
	    owner: string;
	    enabled: boolean;
	    trigger: domain.Trigger;
	    stepCount: number;
	    revision: number;
	    updatedAt: string;
	    nextRunAt?: string | null;
	    lastVerdict: string;
	    access: Access;
	
	    static createFrom(source: any = {}) {
	        return new FlowSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.owner = source["owner"];
	        this.enabled = source["enabled"];
	        this.trigger = this.convertValues(source["trigger"], domain.Trigger);
	        this.stepCount = source["stepCount"];
	        this.revision = source["revision"];
	        this.updatedAt = source["updatedAt"];
	        this.nextRunAt = source["nextRunAt"];
	        this.lastVerdict = source["lastVerdict"];
	        this.access = this.convertValues(source["access"], Access);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FlowView {
	    id: string;
	    key: string;
	    name: string;
	    description: string;
	    owner: string;
	    enabled: boolean;
	    trigger: domain.Trigger;
	    stepCount: number;
	    revision: number;
	    updatedAt: string;
	    nextRunAt?: string | null;
	    lastVerdict: string;
	    access: Access;
	    inputs: domain.Param[];
	    steps: domain.Step[];
	    outputs: Record<string, string>;
	    timeoutSec: number;
	    overlap: string;
	    catchUp: string;
	    catchUpWindowSec: number;
	    createdAt: string;
	    createdBy: string;
	    updatedBy: string;
	
	    static createFrom(source: any = {}) {
	        return new FlowView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.owner = source["owner"];
	        this.enabled = source["enabled"];
	        this.trigger = this.convertValues(source["trigger"], domain.Trigger);
	        this.stepCount = source["stepCount"];
	        this.revision = source["revision"];
	        this.updatedAt = source["updatedAt"];
	        this.nextRunAt = source["nextRunAt"];
	        this.lastVerdict = source["lastVerdict"];
	        this.access = this.convertValues(source["access"], Access);
	        this.inputs = this.convertValues(source["inputs"], domain.Param);
	        this.steps = this.convertValues(source["steps"], domain.Step);
	        this.outputs = source["outputs"];
	        this.timeoutSec = source["timeoutSec"];
	        this.overlap = source["overlap"];
	        this.catchUp = source["catchUp"];
	        this.catchUpWindowSec = source["catchUpWindowSec"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.updatedBy = source["updatedBy"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GrantView {
	    user: string;
	    level: 'view' | 'maintain' | 'owner';
	
	    static createFrom(source: any = {}) {
	        return new GrantView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = source["user"];
	        this.level = source["level"];
	    }
	}
	export class RepeatSummary {
	    runs: number;
	    ok: number;
	    unmet: number;
	    timeout: number;
	    error: number;
	    p50Ms: number;
	    p95Ms: number;
	    p99Ms: number;
	    perSecond: number;
	    concurrency: number;
	    wallMs: number;
	    historyId: string;
	    notes?: string[];
	    noteList?: domain.Note[];
	
	    static createFrom(source: any = {}) {
	        return new RepeatSummary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.runs = source["runs"];
	        this.ok = source["ok"];
	        this.unmet = source["unmet"];
	        this.timeout = source["timeout"];
	        this.error = source["error"];
	        this.p50Ms = source["p50Ms"];
	        this.p95Ms = source["p95Ms"];
	        this.p99Ms = source["p99Ms"];
	        this.perSecond = source["perSecond"];
	        this.concurrency = source["concurrency"];
	        this.wallMs = source["wallMs"];
	        this.historyId = source["historyId"];
	        this.notes = source["notes"];
	        this.noteList = this.convertValues(source["noteList"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryResponse {
	    headers: Record<string, string>;
	    body: string;
	    truncated: boolean;
	    capped: boolean;
	    size: number;
	    charset: string;
	    contentType: string;
	    canViewAs: boolean;
	
	    static createFrom(source: any = {}) {
	        return new HistoryResponse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.headers = source["headers"];
	        this.body = source["body"];
	        this.truncated = source["truncated"];
	        this.capped = source["capped"];
	        this.size = source["size"];
	        this.charset = source["charset"];
	        this.contentType = source["contentType"];
	        this.canViewAs = source["canViewAs"];
	    }
	}
	export class HistoryDetail {
	    id: string;
	    at: string;
	    kind: 'test' | 'invoke' | 'bulk';
	    verdict: domain.Verdict;
	    message: string;
	    status: number;
	    totalMs: number;
	    actor: string;
	    account: string;
	    connection: string;
	    messageNote?: domain.Note;
	    causeNote?: domain.Note;
	    connector: string;
	    interface: string;
	    inputs: Record<string, any>;
	    request: invoke.RequestRecord;
	    response: HistoryResponse;
	    outputs: Record<string, any>;
	    timing: invoke.Timing;
	    notes: string[];
	    noteList: domain.Note[];
	    cause?: string;
	    summary?: RepeatSummary;
	
	    static createFrom(source: any = {}) {
	        return new HistoryDetail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.kind = source["kind"];
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.status = source["status"];
	        this.totalMs = source["totalMs"];
	        this.actor = source["actor"];
	        this.account = source["account"];
	        this.connection = source["connection"];
	        this.messageNote = this.convertValues(source["messageNote"], domain.Note);
	        this.causeNote = this.convertValues(source["causeNote"], domain.Note);
	        this.connector = source["connector"];
	        this.interface = source["interface"];
	        this.inputs = source["inputs"];
	        this.request = this.convertValues(source["request"], invoke.RequestRecord);
	        this.response = this.convertValues(source["response"], HistoryResponse);
	        this.outputs = source["outputs"];
	        this.timing = this.convertValues(source["timing"], invoke.Timing);
	        this.notes = source["notes"];
	        this.noteList = this.convertValues(source["noteList"], domain.Note);
	        this.cause = source["cause"];
	        this.summary = this.convertValues(source["summary"], RepeatSummary);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class HistoryItem {
	    id: string;
	    at: string;
	    kind: 'test' | 'invoke' | 'bulk';
	    verdict: domain.Verdict;
	    message: string;
	    status: number;
	    totalMs: number;
	    actor: string;
	    account: string;
	    connection: string;
	    messageNote?: domain.Note;
	    causeNote?: domain.Note;
	
	    static createFrom(source: any = {}) {
	        return new HistoryItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.kind = source["kind"];
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.status = source["status"];
	        this.totalMs = source["totalMs"];
	        this.actor = source["actor"];
	        this.account = source["account"];
	        this.connection = source["connection"];
	        this.messageNote = this.convertValues(source["messageNote"], domain.Note);
	        this.causeNote = this.convertValues(source["causeNote"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ImportOptions {
	    onConflict: string;
	    dryRun: boolean;
	    connector: string;
	    keepSecrets: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ImportOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.onConflict = source["onConflict"];
	        this.dryRun = source["dryRun"];
	        this.connector = source["connector"];
	        this.keepSecrets = source["keepSecrets"];
	    }
	}
	export class ImportReport {
	    created: string[];
	    updated: string[];
	    skipped: string[];
	    warnings: string[];
	    warningList: domain.Note[];
	    needsSecrets: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.created = source["created"];
	        this.updated = source["updated"];
	        this.skipped = source["skipped"];
	        this.warnings = source["warnings"];
	        this.warningList = this.convertValues(source["warningList"], domain.Note);
	        this.needsSecrets = source["needsSecrets"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InterfaceInput {
	    key: string;
	    name: string;
	    description: string;
	    connectionKey: string;
	    method: string;
	    path: string;
	    bodyType: string;
	    request: domain.Param[];
	    response: domain.ResponseParam[];
	    success: domain.Condition;
	    messages: domain.Messages;
	
	    static createFrom(source: any = {}) {
	        return new InterfaceInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.connectionKey = source["connectionKey"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.bodyType = source["bodyType"];
	        this.request = this.convertValues(source["request"], domain.Param);
	        this.response = this.convertValues(source["response"], domain.ResponseParam);
	        this.success = this.convertValues(source["success"], domain.Condition);
	        this.messages = this.convertValues(source["messages"], domain.Messages);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class InterfaceView {
	    id: string;
	    connectorId: string;
	    key: string;
	    name: string;
	    description: string;
	    connectionId: string;
	    method: string;
	    path: string;
	    bodyType: string;
	    request: domain.Param[];
	    response: domain.ResponseParam[];
	    success: domain.Condition;
	    messages: domain.Messages;
	    revision: number;
	    createdAt: string;
	    createdBy: string;
	    updatedAt: string;
	    updatedBy: string;
	    connectionKey: string;
	
	    static createFrom(source: any = {}) {
	        return new InterfaceView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.connectorId = source["connectorId"];
	        this.key = source["key"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.connectionId = source["connectionId"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.bodyType = source["bodyType"];
	        this.request = this.convertValues(source["request"], domain.Param);
	        this.response = this.convertValues(source["response"], domain.ResponseParam);
	        this.success = this.convertValues(source["success"], domain.Condition);
	        this.messages = this.convertValues(source["messages"], domain.Messages);
	        this.revision = source["revision"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	        this.updatedAt = source["updatedAt"];
	        this.updatedBy = source["updatedBy"];
	        this.connectionKey = source["connectionKey"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InvokeInput {
	    connection: string;
	    account: string;
	    noAccount: boolean;
	    inputs: Record<string, any>;
	    kind: string;
	
	    static createFrom(source: any = {}) {
	        return new InvokeInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.connection = source["connection"];
	        this.account = source["account"];
	        this.noAccount = source["noAccount"];
	        this.inputs = source["inputs"];
	        this.kind = source["kind"];
	    }
	}
	export class InvokeResult {
	    verdict: domain.Verdict;
	    ok: boolean;
	    message: string;
	    status: number;
	    outputs: Record<string, any>;
	    request: invoke.RequestRecord;
	    response: invoke.ResponseRecord;
	    timing: invoke.Timing;
	    redirects: invoke.Redirect[];
	    tokenStep?: invoke.TokenStep;
	    notSent?: boolean;
	    notes: string[];
	    noteList: domain.Note[];
	    cause?: string;
	    causeNote?: domain.Note;
	    defaultMessage: boolean;
	    historyId: string;
	
	    static createFrom(source: any = {}) {
	        return new InvokeResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.verdict = source["verdict"];
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.status = source["status"];
	        this.outputs = source["outputs"];
	        this.request = this.convertValues(source["request"], invoke.RequestRecord);
	        this.response = this.convertValues(source["response"], invoke.ResponseRecord);
	        this.timing = this.convertValues(source["timing"], invoke.Timing);
	        this.redirects = this.convertValues(source["redirects"], invoke.Redirect);
	        this.tokenStep = this.convertValues(source["tokenStep"], invoke.TokenStep);
	        this.notSent = source["notSent"];
	        this.notes = source["notes"];
	        this.noteList = this.convertValues(source["noteList"], domain.Note);
	        this.cause = source["cause"];
	        this.causeNote = this.convertValues(source["causeNote"], domain.Note);
	        this.defaultMessage = source["defaultMessage"];
	        this.historyId = source["historyId"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SchedulerStatus {
	    held: boolean;
	    label: string;
	    self: boolean;
	    since?: time.Time;
	    expiresAt?: time.Time;
	
	    static createFrom(source: any = {}) {
	        return new SchedulerStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.held = source["held"];
	        this.label = source["label"];
	        this.self = source["self"];
	        this.since = this.convertValues(source["since"], time.Time);
	        this.expiresAt = this.convertValues(source["expiresAt"], time.Time);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Settings {
	    bodyCapMB: number;
	    historyLimit: number;
	    flowRunsKept: number;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bodyCapMB = source["bodyCapMB"];
	        this.historyLimit = source["historyLimit"];
	        this.flowRunsKept = source["flowRunsKept"];
	    }
	}
	export class SettingsView {
	    bodyCapMB: number;
	    historyLimit: number;
	    flowRunsKept: number;
	    dbPath: string;
	    keyPath: string;
	
	    static createFrom(source: any = {}) {
	        return new SettingsView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.bodyCapMB = source["bodyCapMB"];
	        this.historyLimit = source["historyLimit"];
	        this.flowRunsKept = source["flowRunsKept"];
	        this.dbPath = source["dbPath"];
	        this.keyPath = source["keyPath"];
	    }
	}
	export class UserInput {
	    name: string;
	    displayName: string;
	    orgId: string;
	    perms: domain.Perm[];
	    password?: string | null;
	
	    static createFrom(source: any = {}) {
	        return new UserInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.displayName = source["displayName"];
	        this.orgId = source["orgId"];
	        this.perms = source["perms"];
	        this.password = source["password"];
	    }
	}
	export class UserView {
	    id: string;
	    name: string;
	    displayName: string;
	    orgId: string;
	    perms: domain.Perm[];
	    hasPassword: boolean;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new UserView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.displayName = source["displayName"];
	        this.orgId = source["orgId"];
	        this.perms = source["perms"];
	        this.hasPassword = source["hasPassword"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class VerifyAnchor {
	    path: string;
	    checked: boolean;
	    seq: number;
	
	    static createFrom(source: any = {}) {
	        return new VerifyAnchor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.checked = source["checked"];
	        this.seq = source["seq"];
	    }
	}
	export class VerifyResult {
	    entries: number;
	    ok: boolean;
	    firstBad?: number;
	    truncated: boolean;
	    hashOnly: number;
	    anchor: VerifyAnchor;
	    message: string;
	    notes: domain.Note[];
	
	    static createFrom(source: any = {}) {
	        return new VerifyResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = source["entries"];
	        this.ok = source["ok"];
	        this.firstBad = source["firstBad"];
	        this.truncated = source["truncated"];
	        this.hashOnly = source["hashOnly"];
	        this.anchor = this.convertValues(source["anchor"], VerifyAnchor);
	        this.message = source["message"];
	        this.notes = this.convertValues(source["notes"], domain.Note);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace time {
	
	export class Time {
	
	
	    static createFrom(source: any = {}) {
	        return new Time(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	
	    }
	}

}

export namespace version {
	
	export class Info {
	    version: string;
	    commit: string;
	    modified: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.modified = source["modified"];
	    }
	}

}

