"""Differential-test oracle: what botocore itself computes for a set of config/cache cases.

Reads a JSON list of cases on stdin: {configFile, credentialsFile, cacheDir, now (epoch s),
warnSeconds}. Prints {botocoreVersion, cases}: per case, whether the config fails to parse and
how (the configparser error class and line botocore wraps in ConfigParseError), the profile list
(aws configure list-profiles), and per SSO profile the token cache file and state. Never makes a
network call: a refresh attempt is intercepted and reported as "refreshable".
"""
import configparser
import datetime
import json
import sys

import botocore
import botocore.session
from botocore import exceptions
from botocore.credentials import AssumeRoleProvider, SSOProvider
from botocore.tokens import SSOTokenProvider
from botocore.utils import JSONFileCache, SSOTokenLoader
import dateutil.parser


class RefreshAttempted(Exception):
    pass


def token_state(load, now, warn, kind, refreshes_at=None):
    try:
        token, expiration = load()
    except RefreshAttempted:
        return 'refreshable'
    except exceptions.SSOTokenLoadError as e:
        return 'missing' if 'does not exist' in str(e) else 'invalid'
    except (KeyError, ValueError, TypeError, OverflowError, exceptions.InvalidConfigError):
        return 'invalid'
    if not isinstance(expiration, datetime.datetime):
        expiration = dateutil.parser.parse(expiration)
    try:
        remaining = (expiration - now).total_seconds()
    except TypeError:
        return 'invalid'
    if remaining <= 0:
        return 'expired'
    if remaining >= warn:
        return 'valid'
    # Not "expiring" when botocore itself would refresh silently once the refresh window opens:
    # probe the first instant inside it (datetime's resolution, 1 us after `remaining == 900 s`).
    first_in_window = expiration - datetime.timedelta(seconds=15 * 60) + datetime.timedelta(microseconds=1)
    if refreshes_at is not None and refreshes_at(first_in_window):
        return 'valid'
    return 'expiring'


def describe_failure(error):
    """The kind of failure and, where Python knows it, the 1-based line it points at."""
    kind = type(error).__name__
    line = None
    # MissingSectionHeaderError is a ParsingError without `errors`: test it first.
    if isinstance(error, (configparser.DuplicateSectionError, configparser.DuplicateOptionError,
                          configparser.MissingSectionHeaderError)):
        line = error.lineno
    elif isinstance(error, configparser.ParsingError):
        line = error.errors[0][0] if error.errors else None
    return {'kind': kind, 'line': line}


def run_case(case):
    session = botocore.session.Session()
    session.set_config_variable('config_file', case['configFile'])
    session.set_config_variable('credentials_file', case['credentialsFile'])
    now = datetime.datetime.fromtimestamp(case['now'], datetime.timezone.utc)
    warn = case['warnSeconds']
    try:
        profiles = session.full_config['profiles']
    except exceptions.ConfigParseError as e:
        return {'parseError': True, 'failure': describe_failure(e.kwargs.get('error'))}
    except ValueError as e:
        # A nested value line without "=" (configloader._parse_nested) escapes unwrapped.
        return {'parseError': True, 'failure': describe_failure(e)}
    cache = JSONFileCache(case['cacheDir'])
    loader = SSOTokenLoader(cache=cache)
    arp = AssumeRoleProvider(None, None, None, None, profile_provider_builder=None)
    out = {'parseError': False, 'profiles': list(profiles), 'results': {}}
    for name in profiles:
        root, kind = name, None
        visited = [name]
        conf = profiles[name]
        if arp._has_assume_role_config_vars(conf) and 'source_profile' in conf:
            kind = 'chained'
            parent, cur = name, conf['source_profile']
            while True:
                if cur not in profiles:
                    root = None
                    break
                src = profiles[cur]
                static = arp._has_static_credentials(src)
                if cur in visited and not (cur == parent and static):
                    root = None
                    break
                if static or not (arp._has_assume_role_config_vars(src) and 'source_profile' in src):
                    root = cur
                    break
                visited.append(cur)
                parent, cur = cur, src['source_profile']
        if root is None:
            out['results'][name] = {'kind': kind, 'state': 'invalid', 'cacheKey': None}
            continue
        rc = profiles[root]
        if 'sso_session' in rc:
            root_kind = 'sso-session'
        elif any(k in rc for k in ('sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name')):
            root_kind = 'legacy-sso'
        else:
            out['results'][name] = {'kind': 'other', 'state': None, 'cacheKey': None}
            continue
        kind = kind or root_kind
        result = {'kind': kind, 'cacheKey': None}
        try:
            SSOProvider(lambda: session.full_config, None, root)._load_sso_config()
        except exceptions.InvalidConfigError:
            result['state'] = 'invalid'
            if root_kind == 'sso-session' and rc['sso_session'] in session.full_config['sso_sessions']:
                result['cacheKey'] = loader._generate_cache_key(None, rc['sso_session'])
            elif root_kind == 'legacy-sso' and 'sso_start_url' in rc:
                result['cacheKey'] = loader._generate_cache_key(rc['sso_start_url'], None)
            out['results'][name] = result
            continue
        if root_kind == 'sso-session':
            provider = SSOTokenProvider(session, cache=cache, time_fetcher=lambda: now, profile_name=root)

            def refuse(_token):
                raise RefreshAttempted()

            provider._attempt_create_token = refuse

            def load():
                t = provider._refresher()
                return t.token, t.expiration

            def refreshes_at(when, root=root):
                probe = SSOTokenProvider(session, cache=cache, time_fetcher=lambda: when, profile_name=root)
                probe._attempt_create_token = refuse
                try:
                    probe._refresher()
                except RefreshAttempted:
                    return True
                except Exception:
                    return False
                return False

            result['cacheKey'] = loader._generate_cache_key(None, rc['sso_session'])
        else:
            refreshes_at = None
            start_url = rc['sso_start_url']

            def load(start_url=start_url):
                t = loader(start_url)
                return t['accessToken'], dateutil.parser.parse(t['expiresAt'])

            result['cacheKey'] = loader._generate_cache_key(start_url, None)
        result['state'] = token_state(load, now, warn, root_kind, refreshes_at)
        out['results'][name] = result
    return out


if __name__ == '__main__':
    cases = json.load(sys.stdin)
    json.dump({'botocoreVersion': botocore.__version__, 'cases': [run_case(c) for c in cases]}, sys.stdout)
