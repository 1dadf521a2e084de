import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { autostartEntry, autostartLocation, entryCommand, quoteExecArg, unusablePath } from '../../src/core/autostart-entry.ts'
import { program, requireOutside } from '../support/outside-tools.ts'

const LINUX = { node: '/usr/bin/node', cli: '/usr/lib/node_modules/aws-sso-tray/dist/cli.cjs' }

describe('where the entry lives', () => {
  it('Linux: $XDG_CONFIG_HOME/autostart, ~/.config when unset or relative', () => {
    expect(autostartLocation('linux', { XDG_CONFIG_HOME: '/x/cfg/' }, '/home/u')).toEqual({ kind: 'xdg', file: '/x/cfg/autostart/aws-sso-tray.desktop' })
    expect(autostartLocation('linux', {}, '/home/u')).toEqual({ kind: 'xdg', file: '/home/u/.config/autostart/aws-sso-tray.desktop' })
    expect(autostartLocation('freebsd', { XDG_CONFIG_HOME: 'cfg' }, '/home/u')).toEqual({ kind: 'xdg', file: '/home/u/.config/autostart/aws-sso-tray.desktop' })
  })
  it('macOS: a LaunchAgent; Windows: the Startup folder under %APPDATA%', () => {
    expect(autostartLocation('darwin', {}, '/Users/u')).toEqual({ kind: 'launchagent', file: '/Users/u/Library/LaunchAgents/aws-sso-tray.plist' })
    expect(autostartLocation('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming\\' }, 'C:\\Users\\u')).toEqual({
      kind: 'startup',
      file: 'C:\\Users\\u\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\aws-sso-tray.vbs',
    })
    expect(autostartLocation('win32', {}, 'C:\\Users\\u')).toEqual({ error: 'APPDATA is not set: cannot find the Startup folder' })
  })
})

describe('XDG desktop entry', () => {
  it('is the exact text: absolute Node and bundle, tray, enabled, our marker', () => {
    expect(autostartEntry('xdg', LINUX)).toBe(`[Desktop Entry]
Type=Application
Name=AWS SSO Tray
Comment=AWS IAM Identity Center (SSO) sessions in the tray
Exec="/usr/bin/node" "/usr/lib/node_modules/aws-sso-tray/dist/cli.cjs" "tray"
Terminal=false
X-GNOME-Autostart-enabled=true
X-AWS-SSO-Tray-Autostart=true
`)
  })
  it('quotes per the Desktop Entry spec: ", `, $, \\ escaped inside quotes, then \\ doubled, % doubled', () => {
    expect(quoteExecArg('/home/a b/node')).toBe('"/home/a b/node"')
    expect(quoteExecArg('/x/"q"')).toBe('"/x/\\\\"q\\\\""')
    expect(quoteExecArg('/x/$HOME`id`')).toBe('"/x/\\\\$HOME\\\\`id\\\\`"')
    expect(quoteExecArg('/x\\y')).toBe('"/x\\\\\\\\y"') // a literal backslash is four in the file
    expect(quoteExecArg('/x/100%')).toBe('"/x/100%%"')
    expect(quoteExecArg("/x/it's")).toBe('"/x/it\'s"')
  })
  it('refuses paths with control characters (a newline would start a new key)', () => {
    expect(unusablePath({ node: '/usr/bin/node', cli: '/x\nExec=evil' }, 'xdg')).toBe('the path "/x\\nExec=evil" contains a control character')
    expect(unusablePath(LINUX, 'xdg')).toBeNull()
    expect(unusablePath({ node: '/opt/100%/node', cli: '/c' }, 'xdg')).toBe('the Node path "/opt/100%/node" contains a %')
    expect(unusablePath({ node: '/n', cli: '/opt/100%/cli.cjs' }, 'xdg')).toBeNull() // %% in an argument is fine
  })
})

describe('macOS LaunchAgent', () => {
  it('is the exact text: ProgramArguments as an array (no shell), RunAtLoad, the PATH from enable', () => {
    expect(
      autostartEntry('launchagent', {
        node: '/opt/homebrew/bin/node',
        cli: '/opt/homebrew/lib/node_modules/aws-sso-tray/dist/cli.cjs',
        path: '/opt/homebrew/bin:/usr/bin',
      }),
    ).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- X-AWS-SSO-Tray-Autostart: written by aws-sso-tray autostart enable -->
<plist version="1.0">
<dict>
  <key>Label</key><string>aws-sso-tray</string>
  <key>ProgramArguments</key>
  <array>
    <string>/opt/homebrew/bin/node</string>
    <string>/opt/homebrew/lib/node_modules/aws-sso-tray/dist/cli.cjs</string>
    <string>tray</string>
  </array>
  <key>EnvironmentVariables</key>
  <dict>
    <key>PATH</key><string>/opt/homebrew/bin:/usr/bin</string>
  </dict>
  <key>RunAtLoad</key><true/>
  <key>ProcessType</key><string>Interactive</string>
</dict>
</plist>
`)
  })
  it('escapes XML in paths', () => {
    expect(autostartEntry('launchagent', { node: '/a&b/<n>', cli: '/c' })).toContain('<string>/a&amp;b/&lt;n&gt;</string>')
  })
})

describe('Windows Startup script', () => {
  it('is the exact text: a hidden window (0), quoted paths, CRLF', () => {
    expect(
      autostartEntry('startup', {
        node: 'C:\\Program Files\\nodejs\\node.exe',
        cli: 'C:\\Users\\u\\AppData\\Roaming\\npm\\node_modules\\aws-sso-tray\\dist\\cli.cjs',
      }),
    ).toBe(
      "' X-AWS-SSO-Tray-Autostart: written by aws-sso-tray autostart enable\r\n" +
        'CreateObject("WScript.Shell").Run """C:\\Program Files\\nodejs\\node.exe"" ""C:\\Users\\u\\AppData\\Roaming\\npm\\node_modules\\aws-sso-tray\\dist\\cli.cjs"" tray", 0, False\r\n',
    )
  })
  it('refuses a double quote in a path', () => {
    expect(unusablePath({ node: 'C:\\a"b\\node.exe', cli: 'C:\\c' }, 'startup')).toBe('the path "C:\\\\a\\"b\\\\node.exe" contains a double quote')
  })
})

describe('recognising our own entries', () => {
  it('the command part of ours; null for a file without our marker', () => {
    expect(entryCommand('xdg', autostartEntry('xdg', LINUX))).toBe('Exec="/usr/bin/node" "/usr/lib/node_modules/aws-sso-tray/dist/cli.cjs" "tray"')
    expect(entryCommand('xdg', '[Desktop Entry]\nExec=/usr/bin/aws-sso-tray\n')).toBeNull()
    expect(entryCommand('launchagent', autostartEntry('launchagent', { ...LINUX, path: '/a' }))).toBe(
      entryCommand('launchagent', autostartEntry('launchagent', { ...LINUX, path: '/b' })),
    )
    expect(entryCommand('startup', autostartEntry('startup', { node: 'C:\\n.exe', cli: 'C:\\c' }))).toBe(
      'CreateObject("WScript.Shell").Run """C:\\n.exe"" ""C:\\c"" tray", 0, False',
    )
  })
})

describe('autostart: exact edges', () => {
  it('drops every trailing separator from APPDATA and XDG_CONFIG_HOME', () => {
    expect(autostartLocation('win32', { APPDATA: 'C:\\Roaming\\\\' }, 'C:\\Users\\u')).toEqual({
      kind: 'startup',
      file: 'C:\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\aws-sso-tray.vbs',
    })
    expect(autostartLocation('linux', { XDG_CONFIG_HOME: '/x/cfg//' }, '/home/u')).toEqual({ kind: 'xdg', file: '/x/cfg/autostart/aws-sso-tray.desktop' })
  })

  it('refuses DEL like the other control characters; a % in Node matters only to XDG, a quote only to Windows', () => {
    expect(unusablePath({ node: '/usr/bin/node', cli: '/x\u007fy' }, 'xdg')).toBe('the path "/x\u007fy" contains a control character')
    expect(unusablePath({ node: '/opt/100%/node', cli: '/c' }, 'launchagent')).toBeNull()
    expect(unusablePath({ node: '/opt/100%/node', cli: '/c' }, 'startup')).toBeNull()
    expect(unusablePath({ node: 'C:\\Program Files\\nodejs\\node.exe', cli: 'C:\\c\\cli.cjs' }, 'startup')).toBeNull()
    expect(unusablePath({ node: '/a"b/node', cli: '/c' }, 'xdg')).toBeNull()
  })

  it('a LaunchAgent without a PATH has no EnvironmentVariables', () => {
    expect(autostartEntry('launchagent', LINUX)).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- X-AWS-SSO-Tray-Autostart: written by aws-sso-tray autostart enable -->
<plist version="1.0">
<dict>
  <key>Label</key><string>aws-sso-tray</string>
  <key>ProgramArguments</key>
  <array>
    <string>/usr/bin/node</string>
    <string>/usr/lib/node_modules/aws-sso-tray/dist/cli.cjs</string>
    <string>tray</string>
  </array>
  <key>RunAtLoad</key><true/>
  <key>ProcessType</key><string>Interactive</string>
</dict>
</plist>
`)
  })

  it('the LaunchAgent command is the whole ProgramArguments array', () => {
    expect(entryCommand('launchagent', autostartEntry('launchagent', { ...LINUX, path: '/a' }))).toBe(`<key>ProgramArguments</key>
  <array>
    <string>/usr/bin/node</string>
    <string>/usr/lib/node_modules/aws-sso-tray/dist/cli.cjs</string>
    <string>tray</string>
  </array>`)
  })

  it('the command is a whole line that starts with Exec= or CreateObject; an entry of ours without one has an empty command', () => {
    const marker = 'X-AWS-SSO-Tray-Autostart=true'
    expect(entryCommand('xdg', `[Desktop Entry]\nTryExec=/usr/bin/node\nExec="/n" "/c" "tray"\n${marker}\n`)).toBe('Exec="/n" "/c" "tray"')
    expect(entryCommand('xdg', `[Desktop Entry]\n${marker}\n`)).toBe('')
    const vbs = "' X-AWS-SSO-Tray-Autostart: written by aws-sso-tray autostart enable\r\n"
    expect(entryCommand('startup', `${vbs}Set s = CreateObject("WScript.Shell")\r\ns.Run "x", 0, False\r\n`)).toBe('')
    expect(entryCommand('launchagent', '<!-- X-AWS-SSO-Tray-Autostart -->\n<plist/>')).toBe('')
  })
})

const hasPython = requireOutside('LaunchAgent plist parse test', [program('python3')])
describe.skipIf(!hasPython)('the LaunchAgent as a plist reader sees it', () => {
  it('Python plistlib reads back the label, the exact arguments and RunAtLoad', () => {
    const target = { node: '/Users/a & b/<node>', cli: '/Users/a & b/it\'s "here"/cli.cjs', path: '/opt/homebrew/bin:/usr/bin' }
    const r = spawnSync('python3', ['-c', 'import json, plistlib, sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], {
      input: autostartEntry('launchagent', target),
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({
      Label: 'aws-sso-tray',
      ProgramArguments: [target.node, target.cli, 'tray'],
      EnvironmentVariables: { PATH: target.path },
      RunAtLoad: true,
      ProcessType: 'Interactive',
    })
  })
})
