export const id = 863;
export const ids = [863];
export const modules = {

/***/ 9863:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   oidcToken: () => (/* binding */ oidcToken),
/* harmony export */   passwordToken: () => (/* binding */ passwordToken)
/* harmony export */ });
/* unused harmony exports passwordTokenRequest, oidcTokenRequest, iamHint */
/* harmony import */ var _cloud_hints_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5083);
/* harmony import */ var _http_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9729);
/**
 * IAM token calls: password and OpenID Connect federation, project-scoped for DLI (docs/dli-api.md §4b).
 * The token is in the X-Subject-Token response header; it authorizes DLI calls as X-Auth-Token.
 *
 * Federation also gives an unscoped token: the same call without `scope` ("Obtaining a Token with an OpenID
 * Connect ID Token": "An unscoped token will be obtained if this parameter is not specified"). Huawei Cloud issues
 * temporary access keys to a federated user only for an unscoped token ("Obtaining Temporary Access Keys and
 * Security Tokens of a Federated User", iam_04_0003); OTC takes "user token, agency token, and federated token"
 * ("Obtaining a Temporary AK/SK"), so the unscoped one serves both clouds (docs/obs-api.md §6).
 */


function passwordTokenRequest(iamEndpoint, login, projectId) {
    const body = {
        auth: {
            identity: {
                methods: ['password'],
                password: { user: { name: login.username, password: login.password, domain: { name: login.domainName } } },
            },
            scope: { project: { id: projectId } },
        },
    };
    return {
        operation: 'IAM password authentication',
        method: 'POST',
        url: new URL('/v3/auth/tokens', iamEndpoint),
        headers: { 'Content-Type': 'application/json;charset=utf8' },
        body: JSON.stringify(body),
        // A token request changes nothing: asking again only issues another token.
        idempotent: true,
    };
}
/** Scoped to the project when `projectId` is given (for DLI); without it, the federation's unscoped token. */
function oidcTokenRequest(iamEndpoint, identityProvider, idToken, projectId) {
    const scope = projectId === undefined ? {} : { scope: { project: { id: projectId } } };
    return {
        operation: projectId === undefined
            ? 'IAM OpenID Connect authentication (unscoped token, for temporary access keys)'
            : 'IAM OpenID Connect authentication',
        method: 'POST',
        url: new URL('/v3.0/OS-AUTH/id-token/tokens', iamEndpoint),
        headers: { 'Content-Type': 'application/json;charset=utf8', 'X-Idp-Id': identityProvider },
        body: JSON.stringify({ auth: { id_token: { id: idToken }, ...scope } }),
        idempotent: true,
    };
}
async function passwordToken(transport, iamEndpoint, login, projectId) {
    const response = await transport.send(passwordTokenRequest(iamEndpoint, login, projectId));
    return subjectToken(response, 'password');
}
async function oidcToken(transport, iamEndpoint, identityProvider, idToken, projectId) {
    const response = await transport.send(oidcTokenRequest(iamEndpoint, identityProvider, idToken, projectId));
    return subjectToken(response, projectId === undefined ? 'oidc-unscoped' : 'oidc');
}
const FAILED = {
    password: 'IAM password authentication failed',
    oidc: 'IAM OpenID Connect authentication failed',
    'oidc-unscoped': 'IAM OpenID Connect authentication for an unscoped token (for temporary OBS keys) failed',
};
function subjectToken(response, flow) {
    if (response.status !== 201 && response.status !== 200) {
        throw (0,_http_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .serviceError */ .cg)(FAILED[flow], response, iamHint(flow, response.status) ?? _cloud_hints_js__WEBPACK_IMPORTED_MODULE_1__/* .hintFor */ .J);
    }
    const token = response.headers['x-subject-token'];
    if (!token) {
        throw new _http_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${FAILED[flow]}: IAM answered HTTP ${response.status} without an X-Subject-Token header`, {
            requestId: response.requestId,
            hint: 'check that `iam-endpoint` points at IAM, not at a proxy or another service',
        });
    }
    return token;
}
/** The common causes, by flow and status (both OpenID Connect calls share theirs). */
function iamHint(flow, status) {
    if (flow === 'password') {
        if (status === 401) {
            return '`username` is the IAM user name and `domain-name` the account (domain) name, both on the console page My Credentials; check the password, and note that users who sign in through federation have no IAM password';
        }
        if (status === 403)
            return 'the user may not obtain a token for this project: check the project ID and any IAM login protection or access restriction';
        if (status === 404)
            return 'check `project-id` and `iam-endpoint`/`region`: the project must belong to the account';
    }
    else {
        if (status === 401) {
            return "IAM rejected the GitHub ID token: the identity provider must have issuer https://token.actions.githubusercontent.com and a client ID equal to `oidc-audience` (GitHub's default audience is https://github.com/OWNER)";
        }
        if (status === 403)
            return "no mapping rule of the identity provider matched this workflow's token (check the rules' conditions, e.g. on `repository` or `sub`), or the mapped user group lacks permissions in this project";
        if (status === 404)
            return "check `identity-provider`: it is the identity provider's ID (IAM console → Identity Providers), and the provider must use the OpenID Connect protocol";
    }
    return undefined;
}


/***/ }),

/***/ 5083:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ hintFor)
/* harmony export */ });
/** What commonly causes DLI's and its API gateway's errors, by service error code or HTTP status. */
const PERMISSION_HINT = 'the credentials lack a DLI permission; grant the user or agency `dli:jobs:export` in IAM (e.g. the DLI FullAccess policy) for this project';
/** Known causes, by service error code (APIG. on Open Telekom Cloud, APIGW. on Huawei Cloud) or HTTP status. */
function hintFor(code, status) {
    const gateway = code?.match(/^APIGW?\.(\d{4})$/)?.[1];
    switch (gateway) {
        case '0101':
            return 'the API was not found: check `region`/`endpoint` (DLI must be offered in that region) and the project ID';
        case '0301':
            return 'the gateway rejected the credentials: check access-key/secret-key (and security-token for temporary keys) and that the project ID belongs to this region. Five failed attempts lock an access key for five minutes';
        case '0303':
            return 'the signature or its timestamp was rejected: the runner clock may be more than 15 minutes off, or a proxy altered the request';
        case '0307':
            return 'the token has expired; obtain a new one';
        case '0308':
            return 'requests are being throttled; retry later or space out runs';
        case '0613':
            return 'IAM is temporarily unavailable; retry later';
    }
    switch (code) {
        case 'DLI.0001':
            return 'DLI rejected a parameter: check `obs-dir` (an existing bucket in this region, without `obs://`) and `job-ids`';
        case 'DLI.0002':
            return 'a job ID or the OBS bucket does not exist in this project and region';
        case 'DLI.0011':
            return 'DLI cannot write to the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy';
        case 'DLI.0013':
        case 'DLI.0014':
        case 'DLI.0016':
            return PERMISSION_HINT;
        case 'DLI.0999':
            return 'DLI had an internal error; retry later, and quote the request ID to support if it persists';
    }
    if (status === 403)
        return PERMISSION_HINT;
    if (status === 401)
        return 'the request was not authenticated: check the credentials';
    if (status === 429)
        return 'requests are being throttled; retry later';
    if (status !== undefined && status >= 500)
        return 'the service failed; retry later, quoting the request ID if it persists';
    return undefined;
}


/***/ })

};
