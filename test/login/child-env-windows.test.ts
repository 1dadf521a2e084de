import { describe, expect, it } from 'vitest'
import { awsPaneEnv } from '../../src/commands/aws-env.ts'

describe('awsPaneEnv on Windows', () => {
  it('keeps the variables as Windows spells them, and what the CLI needs there', () => {
    const env = {
      Path: 'C:\\Windows;C:\\Program Files\\Amazon\\AWSCLIV2',
      SystemRoot: 'C:\\Windows',
      windir: 'C:\\Windows',
      USERPROFILE: 'C:\\Users\\u',
      APPDATA: 'C:\\Users\\u\\AppData\\Roaming',
      LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local',
      TEMP: 'C:\\t',
      TMP: 'C:\\t',
      PATHEXT: '.COM;.EXE',
      ComSpec: 'C:\\Windows\\system32\\cmd.exe',
      HOMEDRIVE: 'C:',
      HOMEPATH: '\\Users\\u',
      AWS_PROFILE: 'x',
      PROCESSOR_ARCHITECTURE: 'AMD64',
    }
    const kept = awsPaneEnv(env)
    expect(Object.keys(kept).sort()).toEqual([
      'APPDATA',
      'ComSpec',
      'HOMEDRIVE',
      'HOMEPATH',
      'LOCALAPPDATA',
      'PATHEXT',
      'Path',
      'SystemRoot',
      'TEMP',
      'TMP',
      'USERPROFILE',
      'windir',
    ])
  })
})
