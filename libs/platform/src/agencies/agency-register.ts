import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { agencyNotRegistered, unregisteredAgencies } from './agency-register-copy';

/** What a service asks of its copy of the agency register. */
@Injectable()
export class AgencyRegister {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Refuses (422 AGENCY.NOT_REGISTERED, naming each field) a record that names an agency the register
   * does not hold as active; `named` maps the request's field to the agency id it names (undefined: not named).
   */
  async requireRegistered(named: Readonly<Record<string, string | undefined>>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const given = Object.fromEntries(Object.entries(named).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const missing = await unregisteredAgencies(manager, given);
    if (missing.length > 0) throw agencyNotRegistered(given, missing);
  }
}
